package io.pretext.training.augment;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Batched colour jitter with a factor per image: brightness, contrast, then (3 channels)
 * saturation and hue, each clipped to [0, 1]. Images that draw no jitter get neutral factors. The
 * hue shift is a rotation of the chroma plane in YIQ space, the usual linear approximation of an
 * HSV hue shift. A fixed order (torchvision shuffles it per call) keeps it one pass. Stateless.
 */
final class ColorJitter {

    private static final float[] LUMA = {0.299f, 0.587f, 0.114f};

    private ColorJitter() {
    }

    static NDArray apply(NDManager manager, NDArray images, ViewTransform t, Random random) {
        Shape shape = images.getShape();
        int n = (int) shape.get(0);
        boolean color = shape.get(1) == 3;
        float[] brightness = new float[n];
        float[] contrast = new float[n];
        float[] saturation = new float[n];
        float[] hue = new float[n];
        for (int i = 0; i < n; i++) {
            boolean jitter = random.nextDouble() < t.jitterProbability();
            brightness[i] = factor(jitter, t.brightness(), random);
            contrast[i] = factor(jitter, t.contrast(), random);
            saturation[i] = factor(jitter, t.saturation(), random);
            hue[i] = jitter ? (float) ((random.nextDouble() * 2 - 1) * t.hue()) : 0f;
        }
        Shape perImage = new Shape(n, 1, 1, 1);
        NDArray out = images.mul(manager.create(brightness, perImage)).clip(0, 1);
        NDArray mean = luma(out).reshape(n, -1).mean(new int[] {1}, true).reshape(perImage);
        out = out.sub(mean).mul(manager.create(contrast, perImage)).add(mean).clip(0, 1);
        if (color) {
            NDArray gray = luma(out);
            out = out.sub(gray).mul(manager.create(saturation, perImage)).add(gray).clip(0, 1);
            out = rotateHue(manager, out, hue);
        }
        return out;
    }

    /** Luma (ITU-R 601) of 3-channel images as {@code N x 1 x H x W}; 1-channel images as they are. */
    static NDArray luma(NDArray images) {
        if (images.getShape().get(1) == 1) {
            return images;
        }
        NDArray weights = images.getManager().create(LUMA, new Shape(1, 3, 1, 1));
        return images.mul(weights).sum(new int[] {1}, true);
    }

    private static NDArray rotateHue(NDManager manager, NDArray images, float[] turns) {
        Shape shape = images.getShape();
        int n = (int) shape.get(0);
        float[] matrices = new float[n * 9];
        for (int i = 0; i < n; i++) {
            hueMatrix(turns[i] * 2 * Math.PI, matrices, i * 9);
        }
        NDArray flat = images.reshape(n, 3, shape.get(2) * shape.get(3));
        return manager.create(matrices, new Shape(n, 3, 3)).matMul(flat).reshape(shape).clip(0, 1);
    }

    /** RGB→YIQ, rotate I/Q by {@code angle}, YIQ→RGB, as one 3x3 matrix. */
    static void hueMatrix(double angle, float[] out, int offset) {
        double[][] toYiq = {{0.299, 0.587, 0.114}, {0.596, -0.274, -0.322}, {0.211, -0.523, 0.312}};
        double[][] toRgb = {{1, 0.956, 0.621}, {1, -0.272, -0.647}, {1, -1.106, 1.703}};
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double[][] rotate = {{1, 0, 0}, {0, cos, -sin}, {0, sin, cos}};
        double[][] m = multiply(toRgb, multiply(rotate, toYiq));
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                out[offset + r * 3 + c] = (float) m[r][c];
            }
        }
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[3][3];
        for (int r = 0; r < 3; r++) {
            for (int k = 0; k < 3; k++) {
                for (int col = 0; col < 3; col++) {
                    c[r][col] += a[r][k] * b[k][col];
                }
            }
        }
        return c;
    }

    private static float factor(boolean jitter, double strength, Random random) {
        return jitter ? (float) (1 - strength + random.nextDouble() * 2 * strength) : 1f;
    }
}
