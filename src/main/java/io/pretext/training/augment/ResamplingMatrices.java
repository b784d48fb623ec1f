package io.pretext.training.augment;

import java.util.Random;

/**
 * Builds, per image, the two matrices that resample it: {@code out = Ry · image · Rxᵀ}. Each holds
 * a random resized crop (bilinear), optionally a horizontal flip (Rx's rows reversed) and a
 * separable gaussian blur folded in (B·R), so that crop, flip and blur of a whole batch become two
 * batched matrix products. Not thread-safe (fills the arrays it was given).
 */
final class ResamplingMatrices {

    private static final double MIN_RATIO = Math.log(3.0 / 4.0);
    private static final double MAX_RATIO = Math.log(4.0 / 3.0);

    private ResamplingMatrices() {
    }

    /** A crop box in input pixels. */
    record Box(double y, double x, double height, double width) {
    }

    /**
     * A random box of area fraction in {@code [minArea, 1]} and aspect ratio in [3/4, 4/3], as
     * torchvision's RandomResizedCrop; after ten misses, the whole image.
     */
    static Box randomBox(int height, int width, double minArea, Random random) {
        if (minArea < 1) {
            double area = (double) height * width;
            for (int attempt = 0; attempt < 10; attempt++) {
                double target = area * (minArea + random.nextDouble() * (1 - minArea));
                double ratio = Math.exp(MIN_RATIO + random.nextDouble() * (MAX_RATIO - MIN_RATIO));
                double w = Math.sqrt(target * ratio);
                double h = Math.sqrt(target / ratio);
                if (w <= width && h <= height) {
                    return new Box(random.nextDouble() * (height - h), random.nextDouble() * (width - w), h, w);
                }
            }
        }
        return new Box(0, 0, height, width);
    }

    /**
     * Writes an {@code outSize x inSize} matrix at {@code offset} of {@code target} that samples the
     * span {@code [start, start + length)} of an input axis bilinearly onto {@code outSize} pixels,
     * reversed when {@code flip}, blurred with {@code sigma} (0 = no blur).
     */
    static void axis(float[] target, int offset, int outSize, int inSize, double start, double length, boolean flip,
            double sigma) {
        // Each output row samples two neighbouring input pixels: keep them sparse.
        int[] low = new int[outSize];
        int[] high = new int[outSize];
        double[] highWeight = new double[outSize];
        double scale = length / outSize;
        for (int j = 0; j < outSize; j++) {
            double source = Math.max(0, Math.min(inSize - 1, start + (j + 0.5) * scale - 0.5));
            int row = flip ? outSize - 1 - j : j;
            low[row] = (int) Math.floor(source);
            high[row] = Math.min(low[row] + 1, inSize - 1);
            highWeight[row] = source - low[row];
        }
        int radius = sigma <= 0 ? 0 : Math.max(1, (int) Math.ceil(3 * sigma));
        for (int j = 0; j < outSize; j++) {
            int first = Math.max(0, j - radius);
            int last = Math.min(outSize - 1, j + radius);
            // Blur weights renormalised at the borders, so that a flat image stays flat.
            double total = 0;
            for (int k = first; k <= last; k++) {
                total += gaussian(j - k, sigma);
            }
            int row = offset + j * inSize;
            for (int k = first; k <= last; k++) {
                double weight = gaussian(j - k, sigma) / total;
                target[row + low[k]] += (float) (weight * (1 - highWeight[k]));
                target[row + high[k]] += (float) (weight * highWeight[k]);
            }
        }
    }

    private static double gaussian(int distance, double sigma) {
        if (sigma <= 0) {
            return distance == 0 ? 1 : 0;
        }
        double weight = Math.exp(-0.5 * distance * distance / (sigma * sigma));
        // Negligible weights would become denormal floats, which make CPU convolutions crawl.
        return weight < 1e-4 ? 0 : weight;
    }
}
