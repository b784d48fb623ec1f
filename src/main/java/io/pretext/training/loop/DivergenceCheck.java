package io.pretext.training.loop;

/**
 * Fails the run at the first step whose loss is not finite: every later step would only spread the
 * NaN into the parameters and checkpoints. Stateless.
 */
public final class DivergenceCheck implements TrainingListener {

    @Override
    public void onStep(int epoch, int step, double loss) {
        if (!Double.isFinite(loss)) {
            throw new IllegalStateException("training diverged: the loss is " + loss + " at epoch " + epoch
                    + ", step " + (step + 1) + "; try a lower learning rate");
        }
    }
}
