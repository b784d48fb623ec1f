package io.pretext.training.method;

import io.pretext.training.FinetuneStrategy;

/**
 * {@code gradual-unfreeze}: the head alone for {@code unfreezeEvery} epochs, then also the
 * encoder's last stage as long, then everything; {@code unfreezeEvery} is a third of the epochs
 * by default. Immutable.
 */
public final class GradualUnfreezeStrategy implements FinetuneStrategy {

    @Override
    public String name() {
        return "gradual-unfreeze";
    }

    @Override
    public int firstTrainable(int epoch, int unfreezeEvery, int layers, int lastStage) {
        return epoch <= unfreezeEvery ? layers : epoch <= 2 * unfreezeEvery ? lastStage : 0;
    }

    @Override
    public Integer defaultUnfreezeEvery(int epochs) {
        return Math.max(1, epochs / 3);
    }
}
