package io.pretext.training.ops;

import ai.djl.ndarray.NDArray;

/**
 * Small vector operations shared by losses, methods and evaluation: L2 normalisation of rows and
 * the index of a maximum. Stateless.
 */
public final class Vectors {

    /** Keeps a zero vector at zero instead of dividing by zero. */
    public static final float EPSILON = 1e-12f;

    private Vectors() {
    }

    /** Each row of an {@code N x D} array divided by its L2 norm (plus {@link #EPSILON}), in the array's manager. */
    public static NDArray l2Normalize(NDArray rows) {
        return rows.div(rows.norm(new int[] {1}, true).add(EPSILON));
    }

    /** Divides {@code v} in place by {@code sqrt(|v|² + 1e-12)}. */
    public static void l2NormalizeInPlace(float[] v) {
        double norm = 1e-12;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        for (int k = 0; k < v.length; k++) {
            v[k] /= (float) norm;
        }
    }

    /** The index of the first largest value; 0 for an empty array. */
    public static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The index of the first largest value; 0 for an empty array. */
    public static int argMax(double[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
