package io.pretext.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * FixMatch's unlabeled loss, Sohn et al. 2020: the class the weak view is most confident of is the
 * pseudo-label of an unlabeled image where that confidence (the largest softmax probability) is at
 * least {@code threshold}; the strong view is trained to it with cross entropy, and images below
 * the threshold count as 0: {@code L = (1/μB) Σ_i 1[max p_i ≥ τ] · CE(strong_i, argmax p_i)}. The mean
 * is over all μB images, not only the confident ones, as in the paper. No gradient reaches the weak
 * logits (they are detached here, whatever the caller passed). Stateless and thread-safe.
 */
public final class PseudoLabelLoss {

    private final double threshold;

    /** @param threshold τ, the confidence a pseudo-label needs, in [0, 1] (FixMatch: 0.95) */
    public PseudoLabelLoss(double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("threshold must be in [0, 1], was " + threshold);
        }
        this.threshold = threshold;
    }

    /** The loss of one batch with what it was computed from. */
    public record Result(NDArray loss, NDArray mask, NDArray pseudoLabels) {

        /** The share of images whose pseudo-label was confident enough, in [0, 1]. */
        public double maskRate() {
            return mask.mean().getFloat();
        }

        /**
         * The share of the confident pseudo-labels that are right, or NaN when none is confident.
         *
         * @param labels the images' true classes, {@code μB} numbers of any type
         */
        public double accuracy(NDArray labels) {
            float confident = mask.sum().getFloat();
            return confident == 0 ? Double.NaN : right(labels) / confident;
        }

        /** How many confident pseudo-labels are right; {@code labels} as for {@link #accuracy}. */
        public double right(NDArray labels) {
            NDArray right = pseudoLabels.eq(labels.toType(DataType.INT64, false)).toType(DataType.FLOAT32, false);
            return right.mul(mask).sum().getFloat();
        }
    }

    /**
     * @param weakLogits {@code μB x K} logits of the weak views (detached here)
     * @param strongLogits {@code μB x K} logits of the strong views of the same images, same order
     * @return the scalar loss, the {@code μB} mask (1 where confident, float) and the {@code μB}
     *     pseudo-labels (int64), in the strong logits' manager
     */
    public Result evaluate(NDArray weakLogits, NDArray strongLogits) {
        NDArray probabilities = weakLogits.stopGradient().softmax(1);
        NDArray pseudoLabels = probabilities.argMax(1);
        NDArray mask = probabilities.max(new int[] {1}).gte((float) threshold).toType(DataType.FLOAT32, false);
        int classes = (int) strongLogits.getShape().get(1);
        NDArray picked = strongLogits.logSoftmax(1).mul(pseudoLabels.oneHot(classes)).sum(new int[] {1});
        NDArray loss = picked.neg().mul(mask).mean();
        return new Result(loss, mask, pseudoLabels);
    }
}
