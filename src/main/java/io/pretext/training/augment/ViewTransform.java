package io.pretext.training.augment;

/**
 * The settings of a random view of an image, as in SimCLR's augmentation pipeline: random resized
 * crop (area fraction and aspect ratio), horizontal flip, colour jitter (applied with a probability;
 * brightness, contrast, saturation and hue strengths), random grayscale and gaussian blur (sigma in
 * pixels of the output image), then a random translation ({@link RandomTranslation}) and random
 * erasing ({@link RandomErasing}). Saturation, hue and grayscale apply to 3-channel images only.
 * Immutable.
 *
 * @param minCropArea smallest crop as a fraction of the image area, in (0, 1]; 1 means no crop
 * @param flipProbability chance of a horizontal flip
 * @param jitterProbability chance that colour jitter is applied to an image
 * @param brightness factor range {@code [1 - b, 1 + b]}
 * @param contrast factor range {@code [1 - c, 1 + c]}
 * @param saturation factor range {@code [1 - s, 1 + s]}
 * @param hue rotation range in turns, {@code [-h, h]}, at most 0.5
 * @param grayscaleProbability chance that an image becomes gray
 * @param blurProbability chance of a gaussian blur
 * @param maxBlurSigma largest blur sigma in output pixels (the smallest is a tenth of it)
 * @param maxShift largest translation as a fraction of the side, in [0, 1); 0 means none
 * @param erasingProbability chance that a rectangle of the image is erased
 */
public record ViewTransform(double minCropArea, double flipProbability, double jitterProbability, double brightness,
        double contrast, double saturation, double hue, double grayscaleProbability, double blurProbability,
        double maxBlurSigma, double maxShift, double erasingProbability) {

    /** The identity: no random change (normalisation only). */
    public static final ViewTransform NONE = new ViewTransform(1, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** A transform without translation or erasing. */
    public ViewTransform(double minCropArea, double flipProbability, double jitterProbability, double brightness,
            double contrast, double saturation, double hue, double grayscaleProbability, double blurProbability,
            double maxBlurSigma) {
        this(minCropArea, flipProbability, jitterProbability, brightness, contrast, saturation, hue,
                grayscaleProbability, blurProbability, maxBlurSigma, 0, 0);
    }

    /** This transform with translation up to {@code shift} of the side and erasing with {@code erasing}. */
    public ViewTransform withShiftAndErasing(double shift, double erasing) {
        return new ViewTransform(minCropArea, flipProbability, jitterProbability, brightness, contrast, saturation,
                hue, grayscaleProbability, blurProbability, maxBlurSigma, shift, erasing);
    }

    /** This transform with crops down to {@code area} of the image. */
    public ViewTransform withMinCropArea(double area) {
        return new ViewTransform(area, flipProbability, jitterProbability, brightness, contrast, saturation,
                hue, grayscaleProbability, blurProbability, maxBlurSigma, maxShift, erasingProbability);
    }

    /** Finetuning's augmentation: flip and a small crop. */
    public static final ViewTransform WEAK = new ViewTransform(0.8, 0.5, 0, 0, 0, 0, 0, 0, 0, 0);

    /**
     * Pretraining's augmentation, SimCLR's recipe scaled to small images: crops down to 20% of the
     * area, flip, strong colour jitter with probability 0.8, grayscale 0.2, and blur with
     * probability 0.5 whose sigma scales with the image size.
     */
    public static ViewTransform strong(int height) {
        return new ViewTransform(0.2, 0.5, 0.8, 0.4, 0.4, 0.4, 0.1, 0.2, 0.5, 2.0 * Math.min(1.0, height / 96.0));
    }

    /** The preset by the name specs use: {@code strong}, {@code weak} or {@code none}. */
    public static ViewTransform preset(String name, int height) {
        return switch (name) {
            case "strong" -> strong(height);
            case "weak" -> WEAK;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("unknown augmentation " + name);
        };
    }
}
