package io.pretext.training.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.pretext.dataset.DatasetReader;

/** Turns selected samples of an in-memory image dataset into float batches in [0, 1]. Stateless. */
public final class ImageBatches {

    private ImageBatches() {
    }

    /** The images at {@code indices[from, to)} as an {@code N x C x H x W} float array. */
    public static NDArray images(NDManager manager, DatasetReader.Images data, int[] indices, int from, int to) {
        int size = data.channels() * data.height() * data.width();
        byte[] batch = new byte[(to - from) * size];
        for (int i = from; i < to; i++) {
            System.arraycopy(data.pixels(), indices[i] * size, batch, (i - from) * size, size);
        }
        return fromUint8(manager, batch, new Shape(to - from, data.channels(), data.height(), data.width()));
    }

    /**
     * Unsigned bytes as floats in [0, 1]. ({@code NDManager.create(byte[])} makes signed int8, which
     * would turn every pixel above 127 negative.)
     */
    public static NDArray fromUint8(NDManager manager, byte[] pixels, Shape shape) {
        return manager.create(java.nio.ByteBuffer.wrap(pixels), shape, DataType.UINT8).toType(DataType.FLOAT32, false)
                .div(255f);
    }

    /** Labels at {@code indices[from, to)} as floats (what DJL's softmax cross-entropy takes). */
    public static NDArray labels(NDManager manager, int[] labels, int[] indices, int from, int to) {
        float[] batch = new float[to - from];
        for (int i = from; i < to; i++) {
            batch[i - from] = labels[indices[i]];
        }
        return manager.create(batch);
    }
}
