package io.pretext.training.eval;

import java.util.Map;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.pretext.training.data.TrainingData;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.method.InputView;

/**
 * Runs {@link BatchNormRecalibration} on the encoder before a fresh run's first step (so that an
 * epoch-0 kNN sees the random encoder with statistics of real images) and at the end of every
 * epoch, before the listeners that evaluate and checkpoint it: every checkpoint, and so every
 * export, carries statistics of clean images. Training itself is unaffected (training-mode
 * forwards use batch statistics). Not thread-safe.
 */
public final class BatchNormListener implements TrainingListener {

    private final Block encoder;
    private final InputView views;
    private final TrainingData data;
    private final int[] samples;
    private final NDManager manager;

    /** @param samples the indices of {@code data} to recalibrate on */
    public BatchNormListener(Block encoder, InputView views, TrainingData data, int[] samples, NDManager manager) {
        this.encoder = encoder;
        this.views = views;
        this.data = data;
        this.samples = samples.clone();
        this.manager = manager;
    }

    @Override
    public void onStart(int firstEpoch, int firstStep) {
        // Only a fresh run: an uninterrupted run does not recalibrate in the middle of epoch 1.
        if (firstEpoch == 1 && firstStep == 0) {
            recalibrate();
        }
    }

    @Override
    public void onEpoch(int epoch, Map<String, Double> metrics) {
        recalibrate();
    }

    private void recalibrate() {
        BatchNormRecalibration.recalibrate(encoder, views, data, samples, BatchNormRecalibration.BATCH, manager);
    }
}
