package io.pretext.training.method;

import io.pretext.training.FinetuneStrategy;

/** {@code linear}: a linear probe, the encoder frozen throughout. Immutable. */
public final class LinearStrategy implements FinetuneStrategy {

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public int firstTrainable(int epoch, int unfreezeEvery, int layers, int lastStage) {
        return layers;
    }
}
