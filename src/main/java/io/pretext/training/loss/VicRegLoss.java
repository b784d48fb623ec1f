package io.pretext.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import io.pretext.training.ops.Scalars;

/**
 * VICReg's loss, Bardes, Ponce and LeCun 2022, over the embeddings of two views of N images:
 * {@code λ·invariance + μ·variance + ν·covariance} with the paper's λ = μ = 25, ν = 1, where
 * invariance is the mean squared difference of the two views' embeddings; variance, for each view,
 * the mean over the D dimensions of {@code max(0, 1 − sqrt(var_d + 1e-4))} (unbiased variance over
 * the batch), averaged over the two views; covariance, for each view, the sum of the squared
 * off-diagonal entries of the D x D covariance matrix divided by D, summed over the two views. No
 * negatives and no momentum target: the variance term keeps the embeddings from collapsing and the
 * covariance term decorrelates their dimensions. Needs N ≥ 2. Stateless and thread-safe.
 */
public final class VicRegLoss {

    static final float INVARIANCE = 25;
    static final float VARIANCE = 25;
    static final float COVARIANCE = 1;
    private static final float EPSILON = 1e-4f;

    /**
     * @param view1 N x D embeddings of the first views
     * @param view2 N x D embeddings of the second views (row i is the same image as view1's row i)
     * @return the scalar loss, in view1's manager
     * @throws IllegalArgumentException when N < 2 (a variance needs two samples)
     */
    public NDArray evaluate(NDArray view1, NDArray view2) {
        long n = view1.getShape().get(0);
        if (n < 2) {
            throw new IllegalArgumentException("VICReg needs at least 2 images in a batch, had " + n);
        }
        NDArray difference = view1.sub(view2);
        NDArray invariance = difference.mul(difference).mean();
        NDArray centred1 = view1.sub(view1.mean(new int[] {0}, true));
        NDArray centred2 = view2.sub(view2.mean(new int[] {0}, true));
        NDArray variance = Scalars.times(varianceHinge(centred1, n).add(varianceHinge(centred2, n)), 0.5f);
        NDArray covariance = offDiagonal(centred1, n).add(offDiagonal(centred2, n));
        return Scalars.times(invariance, INVARIANCE).add(Scalars.times(variance, VARIANCE))
                .add(Scalars.times(covariance, COVARIANCE));
    }

    /** Mean over dimensions of {@code max(0, 1 − std_d)}. */
    private static NDArray varianceHinge(NDArray centred, long n) {
        NDArray variance = Scalars.dividedBy(centred.mul(centred).sum(new int[] {0}), n - 1);
        NDArray std = variance.add(EPSILON).sqrt();
        return Activation.relu(std.neg().add(1)).mean();
    }

    /** Sum of the squared off-diagonal covariances, divided by D. */
    private static NDArray offDiagonal(NDArray centred, long n) {
        long d = centred.getShape().get(1);
        NDArray covariance = Scalars.dividedBy(centred.transpose().matMul(centred), n - 1);
        NDManager manager = centred.getManager();
        try (NDArray offDiagonal = manager.ones(covariance.getShape()).sub(manager.eye(Math.toIntExact(d)))) {
            return Scalars.dividedBy(covariance.mul(covariance).mul(offDiagonal).sum(), d);
        }
    }
}
