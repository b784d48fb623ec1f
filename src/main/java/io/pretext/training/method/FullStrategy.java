package io.pretext.training.method;

import io.pretext.training.FinetuneStrategy;

/** {@code full}: every encoder layer trains from the first epoch. Immutable. */
public final class FullStrategy implements FinetuneStrategy {

    @Override
    public String name() {
        return "full";
    }

    @Override
    public int firstTrainable(int epoch, int unfreezeEvery, int layers, int lastStage) {
        return 0;
    }
}
