package io.pretext.training.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.pretext.training.ops.Scalars;

/**
 * CLIP's symmetric InfoNCE (Radford et al. 2021): for a batch of N image–caption pairs, the logits
 * are the learnt scale times the cosine similarity of image {@code i} and caption {@code j}; the loss
 * is the mean of the cross entropy of each image over the N captions (its own caption the target)
 * and of each caption over the N images. The scale is an array (the exponentiated log-scale
 * parameter), so its gradient flows. Stateless and thread-safe.
 */
public final class ClipLoss {

    private ClipLoss() {
    }

    /**
     * The {@code N x N} similarity logits: row {@code i}, column {@code j} is
     * {@code scale * <images[i], texts[j]>}.
     *
     * @param images N x D image embeddings, already L2-normalised
     * @param texts N x D text embeddings, already L2-normalised, row {@code i} paired with image {@code i}
     * @param scale a one-element array, the logit scale (1 / temperature)
     */
    public static NDArray logits(NDArray images, NDArray texts, NDArray scale) {
        return images.matMul(texts.transpose()).mul(scale);
    }

    /**
     * The scalar loss: {@code (CE(image→text) + CE(text→image)) / 2}, each the mean over the batch, in
     * the logits' manager.
     *
     * @param logits N x N from {@link #logits}, the matching pairs on the diagonal
     */
    public static NDArray evaluate(NDArray logits) {
        NDManager manager = logits.getManager();
        int n = Math.toIntExact(logits.getShape().get(0));
        NDArray diagonal = manager.eye(n);
        NDArray imageToText = logits.logSoftmax(1).mul(diagonal).sum(new int[] {1}).neg().mean();
        NDArray textToImage = logits.logSoftmax(0).mul(diagonal).sum(new int[] {0}).neg().mean();
        return Scalars.times(imageToText.add(textToImage), 0.5f);
    }

    /**
     * Top-1 in-batch retrieval accuracy of both directions, from logits no gradient needs: the share
     * of images whose highest-scoring caption is their own, and of captions whose highest-scoring image
     * is their own (the first index wins a tie).
     *
     * @return {@code {imageToText, textToImage}}, each in [0, 1]
     */
    public static double[] retrievalAccuracy(NDArray logits) {
        int n = Math.toIntExact(logits.getShape().get(0));
        long[] byRow = logits.argMax(1).toLongArray();
        long[] byColumn = logits.argMax(0).toLongArray();
        int rows = 0;
        int columns = 0;
        for (int i = 0; i < n; i++) {
            rows += byRow[i] == i ? 1 : 0;
            columns += byColumn[i] == i ? 1 : 0;
        }
        return new double[] {(double) rows / n, (double) columns / n};
    }
}
