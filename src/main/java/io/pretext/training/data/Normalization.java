package io.pretext.training.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Per-channel standardisation of {@code N x C x H x W} images already scaled to [0, 1]. Stateless. */
public final class Normalization {

    private Normalization() {
    }

    public static NDArray apply(NDArray images, float[] mean, float[] std) {
        return apply(images.getManager(), images, mean, std);
    }

    /** {@code (images − mean) / std} per channel, the constants created in {@code manager}. */
    public static NDArray apply(NDManager manager, NDArray images, float[] mean, float[] std) {
        Shape perChannel = new Shape(1, mean.length, 1, 1);
        return images.sub(manager.create(mean, perChannel)).div(manager.create(std, perChannel));
    }

    /**
     * Mean and standard deviation per channel over the given samples of a uint8 CHW pixel array,
     * in [0, 1] units.
     *
     * @return {@code {mean, std}}
     */
    public static float[][] statistics(byte[] pixels, int channels, int height, int width, int[] samples) {
        int plane = height * width;
        double[] sum = new double[channels];
        double[] squares = new double[channels];
        for (int sample : samples) {
            int base = sample * channels * plane;
            for (int c = 0; c < channels; c++) {
                long s = 0;
                long q = 0;
                for (int i = base + c * plane, end = i + plane; i < end; i++) {
                    int v = pixels[i] & 0xff;
                    s += v;
                    q += (long) v * v;
                }
                sum[c] += s;
                squares[c] += q;
            }
        }
        float[] mean = new float[channels];
        float[] std = new float[channels];
        double n = Math.max(1.0, (double) samples.length * plane);
        for (int c = 0; c < channels; c++) {
            double m = sum[c] / n;
            double variance = Math.max(0, squares[c] / n - m * m);
            mean[c] = (float) (m / 255);
            // A constant channel would divide by zero; leave it unscaled.
            std[c] = variance < 1e-6 ? 1f : (float) (Math.sqrt(variance) / 255);
        }
        return new float[][] {mean, std};
    }
}
