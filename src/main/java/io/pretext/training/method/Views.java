package io.pretext.training.method;

import java.util.List;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.pretext.training.augment.BatchAugmenter;
import io.pretext.training.augment.BatchTransform;
import io.pretext.training.data.Normalization;

/**
 * Draws augmented, normalised views of a batch: view {@code k} is the {@code k}-th augmenter's
 * transform followed by the per-channel standardisation inference will apply too; the plain form
 * is the {@code plain} transform (images: none; audio: the log-mel front end) and the same
 * standardisation. SimCLR, MoCo and BYOL take two views of one augmenter; FixMatch would take
 * {@code Views.of(mean, std, weak, strong)}. As an {@link InputView} it draws the first view.
 * Thread-safe.
 */
public final class Views implements InputView {

    private final List<BatchTransform> augmenters;
    private final BatchTransform plain;
    private final float[] mean;
    private final float[] std;

    /** Two views of the same augmenter, as the contrastive methods use (one-view methods read the first). */
    public Views(BatchAugmenter augmenter, float[] mean, float[] std) {
        this(List.of(augmenter, augmenter), BatchTransform.IDENTITY, mean, std);
    }

    private Views(List<BatchTransform> augmenters, BatchTransform plain, float[] mean, float[] std) {
        if (augmenters.isEmpty()) {
            throw new IllegalArgumentException("views need at least one augmenter");
        }
        this.augmenters = List.copyOf(augmenters);
        this.plain = plain;
        this.mean = mean.clone();
        this.std = std.clone();
    }

    /** One view per augmenter, in order (e.g. weak then strong). */
    public static Views of(float[] mean, float[] std, BatchAugmenter... perView) {
        return new Views(List.of(perView), BatchTransform.IDENTITY, mean, std);
    }

    /**
     * One view per augmenter, in order (e.g. weak then strong), of inputs that are not the network's
     * (audio clips): {@code plain} maps a batch to the network's input without augmentation.
     */
    public static Views of(BatchTransform plain, float[] mean, float[] std, BatchTransform... perView) {
        return new Views(List.of(perView), plain, mean, std);
    }

    /**
     * Two views of {@code augmenter} whose input is not the network's (audio clips, say):
     * {@code plain} maps a batch to the network's input without augmentation.
     */
    public static Views of(BatchTransform augmenter, BatchTransform plain, float[] mean, float[] std) {
        return new Views(List.of(augmenter, augmenter), plain, mean, std);
    }

    /** How many views there are. */
    public int count() {
        return augmenters.size();
    }

    /**
     * A random draw of view {@code index} of each image, normalised; {@code images} in [0, 1]. The
     * draws consume {@code random}, so the order in which views are drawn matters.
     */
    public NDArray view(int index, NDManager manager, NDArray images, Random random) {
        return normalize(manager, augmenters.get(index).apply(manager, images, random));
    }

    /** The first view of each image, normalised; {@code images} in [0, 1]. */
    @Override
    public NDArray view(NDManager manager, NDArray images, Random random) {
        return view(0, manager, images, random);
    }

    /** The images without augmentation, normalised. */
    @Override
    public NDArray plain(NDManager manager, NDArray images) {
        return normalize(manager, plain.apply(manager, images, null));
    }

    private NDArray normalize(NDManager manager, NDArray images) {
        return Normalization.apply(manager, images, mean, std);
    }
}
