package io.pretext.training.job;

import java.util.function.IntUnaryOperator;

import io.pretext.training.encoder.StagedEncoder;
import io.pretext.training.loop.TrainingListener;

/**
 * At the start of every epoch, trains the encoder from the layer a finetune strategy names for
 * that epoch on (the layers before it frozen and in inference mode). Not thread-safe.
 */
final class Unfreezing implements TrainingListener {

    private final StagedEncoder stages;
    private final IntUnaryOperator firstTrainable;

    /** @param firstTrainable the first trainable layer by epoch */
    Unfreezing(StagedEncoder stages, IntUnaryOperator firstTrainable) {
        this.stages = stages;
        this.firstTrainable = firstTrainable;
    }

    @Override
    public void onEpochStart(int epoch) {
        stages.trainFrom(firstTrainable.applyAsInt(epoch));
    }
}
