package io.pretext.training.augment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * FixMatch's strong augmentation (its RandAugment variant, as in the reference PyTorch port's
 * {@code RandAugmentMC}): {@code ops} rounds, in each of which every image independently, with
 * probability {@code probability}, takes one operation drawn uniformly from
 * {@link RandAugmentOp#pool} at a magnitude drawn uniformly from [0, 1] (and a random sign for the
 * symmetric ones); then {@link Cutout}. Batched over {@code N x C x H x W} images in [0, 1] for 1
 * and 3 channels: per round, the images are grouped by the operation they drew and each operation
 * runs once over its group (geometric ones as shear passes, {@link RandAugmentGeometry}), so a
 * round costs about one operation per image. Equalize is approximated
 * ({@link RandAugmentOps#equalize}). All draws come from the caller's {@link Random}. Immutable and
 * thread-safe.
 *
 * @param ops rounds per image (FixMatch: 2)
 * @param probability chance that an image takes an operation in a round (FixMatch's port: 0.5)
 * @param cutout the square cut out at the end
 */
public record RandAugment(int ops, double probability, Cutout cutout) {

    /** FixMatch's settings: two rounds at probability 0.5, then a cutout of half the height. */
    public static final RandAugment FIXMATCH = new RandAugment(2, 0.5, new Cutout(0.5));

    public RandAugment {
        if (ops < 0 || !(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("RandAugment needs ops >= 0 and a probability in [0, 1]");
        }
    }

    /** A strongly augmented copy of {@code images} ({@code N x C x H x W} in [0, 1]), in [0, 1]. */
    public NDArray apply(NDManager manager, NDArray images, Random random) {
        Shape shape = images.getShape();
        int n = (int) shape.get(0);
        List<RandAugmentOp> pool = RandAugmentOp.pool((int) shape.get(1));
        NDArray out = images;
        for (int round = 0; round < ops; round++) {
            // Per image: an operation with probability p, else none; then the images are laid out
            // by operation, in an order and from an offset drawn afresh every round, so that each
            // operation runs once over a contiguous slice. The batch comes in random order, so which
            // image gets which operation stays uniformly random.
            int[] counts = new int[pool.size() + 1];
            for (int i = 0; i < n; i++) {
                counts[random.nextDouble() < probability ? 1 + random.nextInt(pool.size()) : 0]++;
            }
            List<Integer> order = new ArrayList<>(IntStream.range(0, counts.length).boxed().toList());
            Collections.shuffle(order, random);
            int offset = random.nextInt(n);
            RandAugmentOp[] chosen = new RandAugmentOp[n];
            float[] magnitude = new float[n];
            int position = offset;
            for (int k : order) {
                for (int c = 0; c < counts[k]; c++, position++) {
                    int i = position % n;
                    chosen[i] = k == 0 ? RandAugmentOp.IDENTITY : pool.get(k - 1);
                    double sign = chosen[i].signed() && random.nextBoolean() ? -1 : 1;
                    magnitude[i] = (float) (sign * random.nextDouble());
                }
            }
            out = apply(manager, out, chosen, magnitude);
        }
        return cutout.apply(manager, out, random);
    }

    /**
     * One round with given operations and signed magnitudes (in [−1, 1]) per image, without
     * cutout: each run of consecutive images with the same operation is transformed as one slice.
     */
    static NDArray apply(NDManager manager, NDArray images, RandAugmentOp[] chosen, float[] magnitude) {
        int n = chosen.length;
        NDList slices = new NDList();
        int from = 0;
        while (from < n) {
            int to = from + 1;
            while (to < n && chosen[to] == chosen[from]) {
                to++;
            }
            NDArray slice = from == 0 && to == n ? images : images.get(from + ":" + to);
            slices.add(transform(manager, slice, chosen[from], Arrays.copyOfRange(magnitude, from, to)));
            from = to;
        }
        return slices.size() == 1 ? slices.singletonOrThrow() : NDArrays.concat(slices);
    }

    /** One operation on every image of {@code images}, at per-image signed magnitudes. */
    private static NDArray transform(NDManager manager, NDArray images, RandAugmentOp op, float[] magnitude) {
        Shape shape = images.getShape();
        int n = magnitude.length;
        float[] zero = new float[n];
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            float v = magnitude[i];
            values[i] = switch (op) {
                case ROTATE -> (float) Math.toRadians(RandAugmentOp.MAX_DEGREES * v);
                case SHEAR_X, SHEAR_Y -> (float) (RandAugmentOp.MAX_SHEAR * v);
                case TRANSLATE_X -> (float) (RandAugmentOp.MAX_TRANSLATE * v * shape.get(3));
                case TRANSLATE_Y -> (float) (RandAugmentOp.MAX_TRANSLATE * v * shape.get(2));
                default -> parameter(op, v);
            };
        }
        return switch (op) {
            case IDENTITY -> images;
            case ROTATE -> {
                float[] xShear = new float[n];
                float[] yShear = new float[n];
                for (int i = 0; i < n; i++) {
                    xShear[i] = (float) -Math.tan(values[i] / 2);
                    yShear[i] = (float) Math.sin(values[i]);
                }
                yield RandAugmentGeometry.apply(manager, images, xShear, zero, yShear, zero, xShear);
            }
            case SHEAR_X -> RandAugmentGeometry.shearRows(manager, images, values, zero);
            case SHEAR_Y -> RandAugmentGeometry.shearColumns(manager, images, values, zero);
            case TRANSLATE_X -> RandAugmentGeometry.shearRows(manager, images, zero, values);
            case TRANSLATE_Y -> RandAugmentGeometry.shearColumns(manager, images, zero, values);
            default -> pixelOp(manager, op, images, manager.create(values, new Shape(n, 1, 1, 1)));
        };
    }

    private static NDArray pixelOp(NDManager manager, RandAugmentOp op, NDArray images, NDArray parameter) {
        return switch (op) {
            case AUTOCONTRAST -> RandAugmentOps.autocontrast(images);
            case BRIGHTNESS -> RandAugmentOps.brightness(images, parameter);
            case COLOR -> RandAugmentOps.color(images, parameter);
            case CONTRAST -> RandAugmentOps.contrast(images, parameter);
            case EQUALIZE -> RandAugmentOps.equalize(manager, images);
            case POSTERIZE -> RandAugmentOps.posterize(images, parameter);
            case SHARPNESS -> RandAugmentOps.sharpness(manager, images, parameter);
            case SOLARIZE -> RandAugmentOps.solarize(images, parameter);
            default -> throw new IllegalStateException("not a pixel operation: " + op);
        };
    }

    /** The parameter of a pixel operation at signed magnitude {@code v}. */
    static float parameter(RandAugmentOp op, float v) {
        return switch (op) {
            case POSTERIZE -> 8 - Math.round(RandAugmentOp.MAX_BITS_REMOVED * Math.abs(v));
            case SOLARIZE -> 1 - Math.abs(v);
            default -> (float) (1 + RandAugmentOp.MAX_FACTOR_CHANGE * v);
        };
    }
}
