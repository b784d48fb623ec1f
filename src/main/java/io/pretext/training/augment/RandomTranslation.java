package io.pretext.training.augment;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Shifts each image of a batch by a random whole number of pixels in each direction, filling what
 * comes in with zeros (black, the background of centred datasets such as Fashion-MNIST): two
 * batched products with per-image shift matrices, {@code out = Sy · image · Sxᵀ}. Small images
 * gain more from translation than from crops, which mostly rescale. Stateless; thread-safe.
 */
public final class RandomTranslation {

    private RandomTranslation() {
    }

    /** The largest shift in pixels for a fraction of the side: {@code round(fraction · size)}. */
    public static int maxPixels(double fraction, int size) {
        return (int) Math.round(fraction * size);
    }

    /**
     * One random shift of each image, uniform in {@code [-maxShift, maxShift]} pixels per axis.
     *
     * @param images {@code N x C x H x W}
     * @param maxShift largest shift as a fraction of the height (rows) and width (columns), in [0, 1)
     * @return a new array of the same shape, in {@code manager}
     */
    public static NDArray apply(NDManager manager, NDArray images, double maxShift, Random random) {
        Shape shape = images.getShape();
        int n = (int) shape.get(0);
        int height = (int) shape.get(2);
        int width = (int) shape.get(3);
        int maxY = maxPixels(maxShift, height);
        int maxX = maxPixels(maxShift, width);
        float[] rows = new float[n * height * height];
        float[] columns = new float[n * width * width];
        for (int i = 0; i < n; i++) {
            shift(rows, i * height * height, height, random.nextInt(2 * maxY + 1) - maxY);
            shift(columns, i * width * width, width, random.nextInt(2 * maxX + 1) - maxX);
        }
        NDArray sy = manager.create(rows, new Shape(n, 1, height, height));
        // Columns are built as (output x input); the product needs (input x output).
        NDArray sxT = manager.create(columns, new Shape(n, 1, width, width)).transpose(0, 1, 3, 2);
        return sy.matMul(images).matMul(sxT);
    }

    /** An {@code size x size} matrix at {@code offset}: output pixel {@code j} reads input {@code j - by}. */
    static void shift(float[] target, int offset, int size, int by) {
        for (int j = 0; j < size; j++) {
            int source = j - by;
            if (source >= 0 && source < size) {
                target[offset + j * size + source] = 1f;
            }
        }
    }
}
