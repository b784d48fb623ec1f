package io.pretext.training.method;

import io.pretext.training.FinetuneStrategy;

/**
 * {@code linear}: a linear probe, as practitioners fit one: features extracted once from the frozen
 * encoder (inference mode, no augmentation), multinomial-style logistic regression fitted to
 * convergence with its L2 strength chosen on the validation split, then written into the head. No
 * gradient training follows. Immutable.
 */
public final class LinearStrategy implements FinetuneStrategy {

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public int firstTrainable(int epoch, int unfreezeEvery, int layers, int lastStage) {
        return layers;
    }

    @Override
    public boolean startsFromProbe() {
        return true;
    }

    @Override
    public boolean trainsByGradient() {
        return false;
    }
}
