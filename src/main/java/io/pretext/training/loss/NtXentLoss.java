package io.pretext.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.pretext.training.ops.Scalars;
import io.pretext.training.ops.Vectors;

/**
 * SimCLR's NT-Xent (normalized temperature-scaled cross entropy), Chen et al. 2020: the two views of
 * each image are positives, the other 2N-2 views in the batch negatives. Embeddings are
 * L2-normalized, similarities divided by the temperature (the paper's default 0.5; 0.1–0.2 work
 * better for small images), and the loss averaged over all 2N anchors. Stateless and thread-safe.
 */
public final class NtXentLoss {

    private static final float NOT_A_CANDIDATE = -1e9f;

    private final float temperature;

    public NtXentLoss(float temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, was " + temperature);
        }
        this.temperature = temperature;
    }

    /**
     * @param view1 N x D projections of the first views
     * @param view2 N x D projections of the second views (row i is the same image as view1's row i)
     * @return the scalar mean loss, in view1's manager
     */
    public NDArray evaluate(NDArray view1, NDArray view2) {
        NDManager manager = view1.getManager();
        int n = Math.toIntExact(view1.getShape().get(0));
        NDArray z = Vectors.l2Normalize(NDArrays.concat(new NDList(view1, view2), 0));
        NDArray similarity = Scalars.dividedBy(z.matMul(z.transpose()), temperature)
                .add(manager.eye(2 * n).mul(NOT_A_CANDIDATE)); // an anchor is not its own candidate
        float[] positives = new float[2 * n];
        for (int i = 0; i < n; i++) {
            positives[i] = i + n;
            positives[i + n] = i;
        }
        NDArray target = manager.create(positives).toType(DataType.INT32, false).oneHot(2 * n);
        return similarity.logSoftmax(1).mul(target).sum(new int[] {1}).neg().mean();
    }
}
