package io.pretext.training.augment;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Cutout (DeVries and Taylor, 2017) as FixMatch's strong view ends: in each image a square of side
 * {@code fraction·H} pixels, centred on a uniformly random pixel and clipped at the borders, set to
 * gray (0.5). Batched: the squares are one mask built from array comparisons. Immutable and
 * thread-safe.
 *
 * @param fraction the square's side as a fraction of the image height, in [0, 1] (FixMatch: 0.5)
 */
public record Cutout(double fraction) {

    public Cutout {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("cutout fraction must be in [0, 1], was " + fraction);
        }
    }

    /** Side of the square for images of {@code height} pixels. */
    public int side(int height) {
        return (int) Math.round(fraction * height);
    }

    /** One random square per image; draws two numbers per image from {@code random}. */
    public NDArray apply(NDManager manager, NDArray images, Random random) {
        Shape shape = images.getShape();
        int n = (int) shape.get(0);
        int height = (int) shape.get(2);
        int width = (int) shape.get(3);
        int side = side(height);
        float[] top = new float[n];
        float[] left = new float[n];
        for (int i = 0; i < n; i++) {
            top[i] = random.nextInt(height) - side / 2;
            left[i] = random.nextInt(width) - side / 2;
        }
        return apply(manager, images, top, left, side);
    }

    /**
     * Squares at given positions: rows {@code [top, top + side)} and columns {@code [left, left + side)}
     * of image {@code i} (clipped to the image) become 0.5.
     */
    static NDArray apply(NDManager manager, NDArray images, float[] top, float[] left, int side) {
        if (side == 0) {
            return images;
        }
        Shape shape = images.getShape();
        int n = (int) shape.get(0);
        int height = (int) shape.get(2);
        int width = (int) shape.get(3);
        NDArray rows = inside(manager, height, top, new Shape(1, 1, height, 1), new Shape(n, 1, 1, 1), side);
        NDArray columns = inside(manager, width, left, new Shape(1, 1, 1, width), new Shape(n, 1, 1, 1), side);
        NDArray mask = rows.mul(columns).toType(images.getDataType(), false);
        // x·(1 − m) + 0.5·m: exactly 0.5 inside and exactly x outside.
        return images.mul(mask.neg().add(1)).add(mask.mul(RandAugmentGeometry.FILL));
    }

    private static NDArray inside(NDManager manager, int size, float[] start, Shape axis, Shape perImage, int side) {
        NDArray index = manager.arange(size).toType(DataType.FLOAT32, false).reshape(axis);
        NDArray from = manager.create(start, perImage);
        return index.gte(from).logicalAnd(index.lt(from.add(side))).toType(DataType.FLOAT32,
                false);
    }
}
