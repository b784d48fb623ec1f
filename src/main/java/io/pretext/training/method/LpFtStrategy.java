package io.pretext.training.method;

import io.pretext.training.FinetuneStrategy;

/**
 * {@code lp-ft} (Kumar et al. 2022, "Fine-Tuning can Distort Pretrained Features"): fit the linear
 * probe first ({@code linear}), then finetune every layer from that head with a fresh schedule,
 * the encoder at {@code lr.encoder} and the head at {@code lr.head}; starting from a good head
 * keeps the early gradients from distorting the pretrained features. Immutable.
 */
public final class LpFtStrategy implements FinetuneStrategy {

    @Override
    public String name() {
        return "lp-ft";
    }

    @Override
    public int firstTrainable(int epoch, int unfreezeEvery, int layers, int lastStage) {
        return 0;
    }

    @Override
    public boolean startsFromProbe() {
        return true;
    }
}
