package io.pretext.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.pretext.dataset.DatasetReader;

/** Turns selected samples of an in-memory image dataset into float batches in [0, 1]. Stateless. */
final class ImageBatches {

    private ImageBatches() {
    }

    /** The images at {@code indices[from, to)} as an {@code N x C x H x W} float array. */
    static NDArray images(NDManager manager, DatasetReader.Images data, int[] indices, int from, int to) {
        int size = data.channels() * data.height() * data.width();
        byte[] batch = new byte[(to - from) * size];
        for (int i = from; i < to; i++) {
            System.arraycopy(data.pixels(), indices[i] * size, batch, (i - from) * size, size);
        }
        return manager.create(batch, new Shape(to - from, data.channels(), data.height(), data.width()))
                .toType(DataType.FLOAT32, false).div(255f);
    }

    /** Labels at {@code indices[from, to)} as floats (what DJL's softmax cross-entropy takes). */
    static NDArray labels(NDManager manager, int[] labels, int[] indices, int from, int to) {
        float[] batch = new float[to - from];
        for (int i = from; i < to; i++) {
            batch[i - from] = labels[indices[i]];
        }
        return manager.create(batch);
    }

    /**
     * Rotation prediction's pretext task: image {@code i} is turned by {@code 90 * k[i]} degrees.
     * Works on square images (a turn keeps the shape).
     */
    static NDArray rotate(NDArray images, int[] quarterTurns) {
        NDArray[] turned = new NDArray[quarterTurns.length];
        for (int i = 0; i < quarterTurns.length; i++) {
            NDArray image = images.get(i);
            for (int k = 0; k < quarterTurns[i]; k++) {
                // A quarter turn counter-clockwise: transpose H and W, then flip rows.
                image = image.transpose(0, 2, 1).flip(1);
            }
            turned[i] = image;
        }
        return NDArrays.stack(new NDList(turned));
    }
}
