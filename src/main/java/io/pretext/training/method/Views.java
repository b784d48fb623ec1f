package io.pretext.training.method;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pretext.training.augment.BatchAugmenter;

/**
 * Draws augmented, normalised views of a batch: the view transform of a method, followed by the
 * per-channel standardisation inference will apply too. Thread-safe.
 */
public final class Views implements InputView {

    private final BatchAugmenter augmenter;
    private final float[] mean;
    private final float[] std;

    public Views(BatchAugmenter augmenter, float[] mean, float[] std) {
        this.augmenter = augmenter;
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** One random view of each image, normalised; {@code images} in [0, 1]. */
    @Override
    public NDArray view(NDManager manager, NDArray images, Random random) {
        return normalize(manager, augmenter.apply(manager, images, random));
    }

    /** The images without augmentation, normalised. */
    @Override
    public NDArray plain(NDManager manager, NDArray images) {
        return normalize(manager, images);
    }

    private NDArray normalize(NDManager manager, NDArray images) {
        Shape perChannel = new Shape(1, mean.length, 1, 1);
        return images.sub(manager.create(mean, perChannel)).div(manager.create(std, perChannel));
    }
}
