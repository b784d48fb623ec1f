package io.pretext.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import io.pretext.training.ops.Scalars;
import io.pretext.training.ops.Vectors;

/**
 * MoCo's InfoNCE, He et al. 2020: each query's positive is its key (the other view, through the
 * momentum encoder); the negatives are a queue of earlier keys. Logits are cosine similarities
 * over the temperature (MoCo v2: 0.2), the loss is cross entropy with the positive at index 0.
 * Stateless and thread-safe.
 */
public final class InfoNceLoss {

    private final float temperature;

    public InfoNceLoss(float temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive, was " + temperature);
        }
        this.temperature = temperature;
    }

    /**
     * @param queries N x D (gradients flow through these)
     * @param keys N x D positives, one per query (from the momentum encoder: no gradient)
     * @param queue K x D negatives (no gradient)
     * @return the scalar mean loss
     */
    public NDArray evaluate(NDArray queries, NDArray keys, NDArray queue) {
        NDArray q = Vectors.l2Normalize(queries);
        NDArray k = Vectors.l2Normalize(keys.stopGradient());
        NDArray negatives = Vectors.l2Normalize(queue.stopGradient());
        NDArray positive = q.mul(k).sum(new int[] {1}, true);
        NDArray logits = Scalars.dividedBy(
                NDArrays.concat(new NDList(positive, q.matMul(negatives.transpose())), 1), temperature);
        return logits.logSoftmax(1).get(":, 0").neg().mean();
    }
}
