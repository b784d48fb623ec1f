package io.pretext.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.pretext.training.ops.Scalars;
import io.pretext.training.ops.Vectors;

/**
 * BYOL's symmetric regression loss, Grill et al. 2020: the online prediction of one view regresses
 * the target projection of the other, {@code 2 − 2·cos(p, z')}, and both view orders are summed,
 * {@code L = mean_i(2 − 2·cos(p1_i, z2_i)) + mean_i(2 − 2·cos(p2_i, z1_i))}, in [0, 8]. No
 * gradient reaches the targets. Stateless and thread-safe.
 */
public final class ByolLoss {

    /**
     * @param predictions {@code 2N x D}: the online predictions of view 1's N images, then view 2's
     * @param targets {@code 2N x D}: the target projections, in the same order
     * @return the scalar loss, in the predictions' manager
     */
    public NDArray evaluate(NDArray predictions, NDArray targets) {
        long n = predictions.getShape().get(0) / 2;
        NDArray z = targets.stopGradient();
        // View 1's prediction aims at view 2's target, and the other way round.
        NDArray swapped = NDArrays.concat(new NDList(z.get(n + ":"), z.get("0:" + n)));
        NDArray cosine = Vectors.l2Normalize(predictions).mul(Vectors.l2Normalize(swapped)).sum(new int[] {1});
        // The mean over 2N rows, doubled: the sum of the two directions' means.
        return Scalars.times(Scalars.times(cosine.neg().add(1), 2).mean(), 2);
    }
}
