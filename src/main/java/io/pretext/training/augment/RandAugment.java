package io.pretext.training.augment;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * FixMatch's strong augmentation (its RandAugment variant, as in the reference PyTorch port's
 * {@code RandAugmentMC}): {@code ops} rounds, in each of which every image independently, with
 * probability {@code probability}, takes one operation drawn uniformly from
 * {@link RandAugmentOp#pool} at a magnitude drawn uniformly from [0, 1] (and a random sign for the
 * symmetric ones); then {@link Cutout}. Batched over {@code N x C x H x W} images in [0, 1] for 1
 * and 3 channels: per round, the geometric operations of all images are one set of shear passes
 * ({@link RandAugmentGeometry}) and each pixel operation any image drew runs once over the batch,
 * blended in only where drawn. Equalize is approximated ({@link RandAugmentOps#equalize}). All draws
 * come from the caller's {@link Random}. Immutable and thread-safe.
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
            RandAugmentOp[] chosen = new RandAugmentOp[n];
            float[] magnitude = new float[n];
            for (int i = 0; i < n; i++) {
                chosen[i] = RandAugmentOp.IDENTITY;
                if (random.nextDouble() < probability) {
                    chosen[i] = pool.get(random.nextInt(pool.size()));
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
     * cutout: what {@link #apply(NDManager, NDArray, Random)} does in each round.
     */
    static NDArray apply(NDManager manager, NDArray images, RandAugmentOp[] chosen, float[] magnitude) {
        Shape shape = images.getShape();
        int n = (int) shape.get(0);
        float[] slopeX1 = new float[n];
        float[] shiftX = new float[n];
        float[] slopeY = new float[n];
        float[] shiftY = new float[n];
        float[] slopeX2 = new float[n];
        Map<RandAugmentOp, float[]> parameters = new EnumMap<>(RandAugmentOp.class);
        Map<RandAugmentOp, float[]> masks = new EnumMap<>(RandAugmentOp.class);
        for (int i = 0; i < n; i++) {
            RandAugmentOp op = chosen[i];
            float v = magnitude[i];
            switch (op) {
                case IDENTITY -> { }
                case ROTATE -> {
                    double theta = Math.toRadians(RandAugmentOp.MAX_DEGREES * v);
                    slopeX1[i] = (float) -Math.tan(theta / 2);
                    slopeY[i] = (float) Math.sin(theta);
                    slopeX2[i] = slopeX1[i];
                }
                case SHEAR_X -> slopeX1[i] = (float) (RandAugmentOp.MAX_SHEAR * v);
                case SHEAR_Y -> slopeY[i] = (float) (RandAugmentOp.MAX_SHEAR * v);
                case TRANSLATE_X -> shiftX[i] = (float) (RandAugmentOp.MAX_TRANSLATE * v * shape.get(3));
                case TRANSLATE_Y -> shiftY[i] = (float) (RandAugmentOp.MAX_TRANSLATE * v * shape.get(2));
                default -> {
                    masks.computeIfAbsent(op, k -> new float[n])[i] = 1;
                    parameters.computeIfAbsent(op, k -> neutral(k, n))[i] = parameter(op, v);
                }
            }
        }
        NDArray out = RandAugmentGeometry.apply(manager, images, slopeX1, shiftX, slopeY, shiftY, slopeX2);
        Shape perImage = new Shape(n, 1, 1, 1);
        for (Map.Entry<RandAugmentOp, float[]> entry : masks.entrySet()) {
            RandAugmentOp op = entry.getKey();
            NDArray parameter = manager.create(parameters.get(op), perImage);
            NDArray changed = pixelOp(manager, op, out, parameter);
            out = out.add(changed.sub(out).mul(manager.create(entry.getValue(), perImage)));
        }
        return out;
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

    private static float[] neutral(RandAugmentOp op, int n) {
        float[] values = new float[n];
        Arrays.fill(values, parameter(op, 0));
        return values;
    }
}
