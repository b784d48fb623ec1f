package io.pretext.training.augment;

import java.util.Arrays;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Random erasing (Zhong et al. 2017), batched: with a probability per image, a rectangle of 2–33%
 * of the area and aspect ratio in [0.3, 3.3] (torchvision's defaults) is set to zero in every
 * channel, so a view cannot rely on any one part of the object. The mask is built on the host and
 * applied as one multiplication. Stateless; thread-safe.
 */
public final class RandomErasing {

    static final double MIN_AREA = 0.02;
    static final double MAX_AREA = 0.33;
    private static final double MIN_LOG_RATIO = Math.log(0.3);
    private static final double MAX_LOG_RATIO = Math.log(3.3);

    private RandomErasing() {
    }

    /**
     * @param images {@code N x C x H x W}
     * @param probability chance that an image gets a rectangle erased
     * @return a new array of the same shape, in {@code manager}
     */
    public static NDArray apply(NDManager manager, NDArray images, double probability, Random random) {
        Shape shape = images.getShape();
        int n = (int) shape.get(0);
        int height = (int) shape.get(2);
        int width = (int) shape.get(3);
        float[] keep = new float[n * height * width];
        Arrays.fill(keep, 1f);
        for (int i = 0; i < n; i++) {
            if (random.nextDouble() < probability) {
                int[] box = box(height, width, random);
                for (int y = box[0]; y < box[0] + box[2]; y++) {
                    Arrays.fill(keep, i * height * width + y * width + box[1],
                            i * height * width + y * width + box[1] + box[3], 0f);
                }
            }
        }
        return images.mul(manager.create(keep, new Shape(n, 1, height, width)));
    }

    /** {@code {top, left, rows, columns}} of a random rectangle inside the image; empty after ten misses. */
    static int[] box(int height, int width, Random random) {
        for (int attempt = 0; attempt < 10; attempt++) {
            double area = height * width * (MIN_AREA + random.nextDouble() * (MAX_AREA - MIN_AREA));
            double ratio = Math.exp(MIN_LOG_RATIO + random.nextDouble() * (MAX_LOG_RATIO - MIN_LOG_RATIO));
            int rows = (int) Math.round(Math.sqrt(area * ratio));
            int columns = (int) Math.round(Math.sqrt(area / ratio));
            if (rows >= 1 && columns >= 1 && rows < height && columns < width) {
                return new int[] {random.nextInt(height - rows + 1), random.nextInt(width - columns + 1), rows, columns};
            }
        }
        return new int[] {0, 0, 0, 0};
    }
}
