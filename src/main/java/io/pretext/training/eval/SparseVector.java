package io.pretext.training.eval;

/**
 * A sparse feature vector: the values of the features at {@code indices} (0-based, strictly
 * ascending); every other feature is 0. The arrays are shared, not copied: do not modify them.
 *
 * @param indices feature indices, strictly ascending, never null
 * @param values one value per index, never null
 */
public record SparseVector(int[] indices, float[] values) {

    public SparseVector {
        if (indices.length != values.length) {
            throw new IllegalArgumentException(indices.length + " indices but " + values.length + " values");
        }
        for (int i = 1; i < indices.length; i++) {
            if (indices[i] <= indices[i - 1]) {
                throw new IllegalArgumentException("indices must be strictly ascending");
            }
        }
    }

    /** The value of feature {@code index} (0 when absent). */
    public float get(int index) {
        int at = java.util.Arrays.binarySearch(indices, index);
        return at < 0 ? 0 : values[at];
    }
}
