package io.pretext.training.augment;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * The pixel operations of {@link RandAugment}, each over a whole {@code N x C x H x W} batch in
 * [0, 1] with one parameter per image ({@code N x 1 x 1 x 1} arrays), in PIL's definitions
 * (ImageOps, ImageEnhance) as FixMatch uses them; results clipped to [0, 1]. An enhancement factor
 * of 1 (or 8 bits, or a solarize threshold of 1) leaves an image as it is. Stateless.
 */
final class RandAugmentOps {

    /** PIL's SMOOTH filter, which ImageEnhance.Sharpness blends with. */
    private static final float[] SMOOTH = {1, 1, 1, 1, 5, 1, 1, 1, 1};
    private static final int EQUALIZE_BINS = 16;

    private RandAugmentOps() {
    }

    /** Blends with black: {@code x·f}. */
    static NDArray brightness(NDArray images, NDArray factor) {
        return images.mul(factor).clip(0, 1);
    }

    /** Blends with the image's mean luma: {@code m + f·(x − m)}. */
    static NDArray contrast(NDArray images, NDArray factor) {
        long n = images.getShape().get(0);
        NDArray mean = ColorJitter.luma(images).reshape(n, -1).mean(new int[] {1}, true).reshape(n, 1, 1, 1);
        return blend(mean, images, factor);
    }

    /** Blends with the image's grayscale (3 channels; a 1-channel image is its own grayscale). */
    static NDArray color(NDArray images, NDArray factor) {
        return blend(ColorJitter.luma(images), images, factor);
    }

    /** Blends with PIL's smoothed image, whose one-pixel border is the original's. */
    static NDArray sharpness(NDManager manager, NDArray images, NDArray factor) {
        Shape shape = images.getShape();
        int channels = (int) shape.get(1);
        int height = (int) shape.get(2);
        int width = (int) shape.get(3);
        float[] kernel = new float[channels * 9];
        for (int c = 0; c < channels; c++) {
            for (int k = 0; k < 9; k++) {
                kernel[c * 9 + k] = SMOOTH[k] / 13f;
            }
        }
        NDArray weight = manager.create(kernel, new Shape(channels, 1, 3, 3));
        NDArray smooth = Conv2d.conv2d(images, weight, null, new Shape(1, 1), new Shape(1, 1), new Shape(1, 1),
                channels).singletonOrThrow();
        float[] inner = new float[height * width];
        for (int y = 1; y < height - 1; y++) {
            for (int x = 1; x < width - 1; x++) {
                inner[y * width + x] = 1;
            }
        }
        NDArray interior = manager.create(inner, new Shape(1, 1, height, width));
        NDArray degenerate = images.add(smooth.sub(images).mul(interior));
        return blend(degenerate, images, factor);
    }

    /** Stretches each channel of each image to span [0, 1]; a flat channel stays as it is. */
    static NDArray autocontrast(NDArray images) {
        Shape shape = images.getShape();
        NDArray flat = images.reshape(shape.get(0), shape.get(1), -1);
        NDArray low = flat.min(new int[] {2}, true).expandDims(3);
        NDArray range = flat.max(new int[] {2}, true).expandDims(3).sub(low);
        NDArray spread = range.gt(1e-6f).toType(images.getDataType(), false);
        NDArray stretched = images.sub(low).div(range.maximum(1e-6f));
        return images.add(stretched.sub(images).mul(spread)).clip(0, 1);
    }

    /**
     * Histogram equalisation per channel, approximated: the channel's cumulative distribution is
     * measured at {@value #EQUALIZE_BINS} evenly spaced levels and interpolated linearly between
     * them (PIL uses 256 levels); the darkest level maps to 0, the brightest to 1.
     */
    static NDArray equalize(NDManager manager, NDArray images) {
        Shape shape = images.getShape();
        long n = shape.get(0);
        long channels = shape.get(1);
        NDArray pixels = images.reshape(n, channels, -1, 1);
        float[] upper = new float[EQUALIZE_BINS];
        for (int k = 0; k < EQUALIZE_BINS; k++) {
            upper[k] = (k + 1f) / EQUALIZE_BINS;
        }
        NDArray edges = manager.create(upper, new Shape(1, 1, 1, EQUALIZE_BINS));
        NDArray atZero = pixels.lte(0f).toType(images.getDataType(), false).mean(new int[] {2});
        NDArray cdf = pixels.lte(edges).toType(images.getDataType(), false).mean(new int[] {2});
        NDArray mass = cdf.sub(atZero.concat(cdf.get(":, :, :-1"), 2)).expandDims(2);
        NDArray ramps = pixels.sub(edges).mul(EQUALIZE_BINS).add(1).clip(0, 1);
        NDArray levels = ramps.mul(mass).sum(new int[] {3});
        NDArray scale = atZero.neg().add(1).maximum(1e-6f);
        return levels.div(scale).reshape(shape).clip(0, 1);
    }

    /**
     * Keeps the {@code bits} highest bits of each 8-bit value, PIL's posterize.
     *
     * @param bits per image, 1 to 8 (8 leaves 8-bit values as they are)
     */
    static NDArray posterize(NDArray images, NDArray bits) {
        NDArray step = bits.neg().add(8).mul(Math.log(2)).exp().round();
        NDArray levels = images.mul(255).round();
        return levels.div(step).floor().mul(step).div(255).clip(0, 1);
    }

    /** Inverts every value above {@code threshold} ({@code x → 1 − x}); 1 leaves the image as it is. */
    static NDArray solarize(NDArray images, NDArray threshold) {
        NDArray above = images.gt(threshold).toType(images.getDataType(), false);
        return images.add(images.mul(-2).add(1).mul(above)).clip(0, 1);
    }

    /** {@code degenerate + f·(x − degenerate)}, clipped. */
    private static NDArray blend(NDArray degenerate, NDArray images, NDArray factor) {
        return images.sub(degenerate).mul(factor).add(degenerate).clip(0, 1);
    }
}
