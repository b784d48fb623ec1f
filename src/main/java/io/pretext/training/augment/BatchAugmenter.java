package io.pretext.training.augment;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Applies a {@link ViewTransform} to a whole batch at once, on the batch's device: crop, flip and
 * blur as two batched matrix products ({@link ResamplingMatrices}), translation as two more,
 * colour jitter and grayscale as per-image factors broadcast over the batch, erasing as a mask. Every random draw comes from the {@link Random} the
 * caller passes, so a seed reproduces the views. Stateless apart from its settings; thread-safe.
 */
public final class BatchAugmenter implements BatchTransform {

    private final ViewTransform transform;
    private final RandAugment strong;

    public BatchAugmenter(ViewTransform transform) {
        this(transform, null);
    }

    /** {@code transform}, then {@code strong} (FixMatch's strong view); {@code strong} may be null. */
    public BatchAugmenter(ViewTransform transform, RandAugment strong) {
        this.transform = transform;
        this.strong = strong;
    }

    public ViewTransform transform() {
        return transform;
    }

    /**
     * One random view of each image.
     *
     * @param images {@code N x C x H x W} floats in [0, 1]; C is 1 or 3
     * @return a new {@code N x C x H x W} array in [0, 1], in {@code manager}
     */
    @Override
    public NDArray apply(NDManager manager, NDArray images, Random random) {
        Shape shape = images.getShape();
        int n = (int) shape.get(0);
        int channels = (int) shape.get(1);
        int height = (int) shape.get(2);
        int width = (int) shape.get(3);
        NDArray out = resample(manager, images, random, n, height, width);
        if (transform.maxShift() > 0) {
            out = RandomTranslation.apply(manager, out, transform.maxShift(), random);
        }
        if (transform.jitterProbability() > 0) {
            out = ColorJitter.apply(manager, out, transform, random);
        }
        if (channels == 3 && transform.grayscaleProbability() > 0) {
            float[] gray = new float[n];
            for (int i = 0; i < n; i++) {
                gray[i] = random.nextDouble() < transform.grayscaleProbability() ? 1f : 0f;
            }
            NDArray mask = manager.create(gray, new Shape(n, 1, 1, 1));
            out = out.add(ColorJitter.luma(out).sub(out).mul(mask));
        }
        if (transform.erasingProbability() > 0) {
            out = RandomErasing.apply(manager, out, transform.erasingProbability(), random);
        }
        return strong == null ? out : strong.apply(manager, out, random);
    }

    private NDArray resample(NDManager manager, NDArray images, Random random, int n, int height, int width) {
        boolean crops = transform.minCropArea() < 1;
        boolean flips = transform.flipProbability() > 0;
        boolean blurs = transform.blurProbability() > 0;
        if (!crops && !flips && !blurs) {
            return images.duplicate();
        }
        float[] rows = new float[n * height * height];
        float[] columns = new float[n * width * width];
        for (int i = 0; i < n; i++) {
            ResamplingMatrices.Box box = ResamplingMatrices.randomBox(height, width, transform.minCropArea(), random);
            boolean flip = random.nextDouble() < transform.flipProbability();
            double sigma = random.nextDouble() < transform.blurProbability()
                    ? transform.maxBlurSigma() * (0.1 + 0.9 * random.nextDouble()) : 0;
            ResamplingMatrices.axis(rows, i * height * height, height, height, box.y(), box.height(), false, sigma);
            ResamplingMatrices.axis(columns, i * width * width, width, width, box.x(), box.width(), flip, sigma);
        }
        NDArray ry = manager.create(rows, new Shape(n, 1, height, height));
        // Columns are built as (output x input); the product needs (input x output).
        NDArray rxT = manager.create(columns, new Shape(n, 1, width, width)).transpose(0, 1, 3, 2);
        return ry.matMul(images).matMul(rxT);
    }
}
