package io.pretext.training.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The geometric operations of {@link RandAugment} (shear, translate, rotate) over a whole
 * {@code N x C x H x W} batch, as row shears: output pixel {@code (y, x)} samples the input at
 * {@code (y, x + slope·(y − cy) + shift)}, linearly between its two neighbours, as two gathers
 * per pass with indices and weights built from array ops (no per-pixel Java loop). Rotation by θ is Paeth's three
 * shears (x by −tan(θ/2), y by sin θ, x by −tan(θ/2)) about the centre. What falls outside the
 * image is filled with gray (0.5), as FixMatch fills with 128. A slope and shift of 0 is the exact
 * identity. Stateless.
 */
final class RandAugmentGeometry {

    static final float FILL = 0.5f;

    private RandAugmentGeometry() {
    }

    /**
     * Three passes, each skipped when all its parameters are 0: x-shear ({@code slopeX1},
     * {@code shiftX}), y-shear ({@code slopeY}, {@code shiftY}), x-shear ({@code slopeX2}); one
     * value per image, shifts in pixels.
     */
    static NDArray apply(NDManager manager, NDArray images, float[] slopeX1, float[] shiftX, float[] slopeY,
            float[] shiftY, float[] slopeX2) {
        NDArray out = images;
        if (any(slopeX1) || any(shiftX)) {
            out = shearRows(manager, out, slopeX1, shiftX);
        }
        if (any(slopeY) || any(shiftY)) {
            out = shearColumns(manager, out, slopeY, shiftY);
        }
        if (any(slopeX2)) {
            out = shearRows(manager, out, slopeX2, new float[slopeX2.length]);
        }
        return out;
    }

    /** Row {@code y} of image {@code n} moves by {@code −(slope[n]·(y − cy) + shift[n])} pixels. */
    static NDArray shearRows(NDManager manager, NDArray images, float[] slope, float[] shift) {
        Shape shape = images.getShape();
        int n = (int) shape.get(0);
        long channels = shape.get(1);
        int height = (int) shape.get(2);
        int width = (int) shape.get(3);
        float centre = (height - 1) / 2f;
        NDArray rows = manager.arange(height).toType(DataType.FLOAT32, false).sub(centre).reshape(1, 1, height, 1);
        NDArray columns = manager.arange(width).toType(DataType.FLOAT32, false).reshape(1, 1, 1, width);
        // source[n, 0, y, x] = x + slope·(y − cy) + shift, sampled between its two neighbours.
        NDArray source = manager.create(slope, new Shape(n, 1, 1, 1)).mul(rows)
                .add(manager.create(shift, new Shape(n, 1, 1, 1))).add(columns);
        NDArray low = source.floor();
        NDArray highWeight = source.sub(low);
        NDArray lowWeight = highWeight.neg().add(1).mul(inside(low, width));
        highWeight = highWeight.mul(inside(low.add(1), width));
        NDArray lowIndex = low.clip(0, width - 1).toType(DataType.INT64, false).repeat(1, channels);
        NDArray highIndex = low.add(1).clip(0, width - 1).toType(DataType.INT64, false).repeat(1, channels);
        NDArray sampled = images.gather(lowIndex, 3).mul(lowWeight).add(images.gather(highIndex, 3).mul(highWeight));
        NDArray coverage = lowWeight.add(highWeight);
        return sampled.add(coverage.neg().add(1).mul(FILL)).clip(0, 1);
    }

    /** 1 where {@code index} is a column of the image, else 0. */
    private static NDArray inside(NDArray index, int width) {
        return index.gte(0f).logicalAnd(index.lte(width - 1f)).toType(DataType.FLOAT32, false);
    }

    /** {@link #shearRows} on the transposed images: column {@code x} moves by {@code −(slope·(x − cx) + shift)}. */
    static NDArray shearColumns(NDManager manager, NDArray images, float[] slope, float[] shift) {
        return shearRows(manager, images.transpose(0, 1, 3, 2), slope, shift).transpose(0, 1, 3, 2);
    }

    private static boolean any(float[] values) {
        for (float v : values) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }
}
