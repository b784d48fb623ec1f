package io.pretext.training.audio;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * SpecAugment's masking (Park et al. 2019) on a batch of {@code N x 1 x mels x frames}
 * spectrograms: {@code masks} frequency bands of up to {@code maxBands} mel bands and {@code masks}
 * time spans of up to {@code maxFrames} frames per spectrogram, each width uniform from 0, placed
 * uniformly; masked cells take the spectrogram's own mean, so the mask adds no new level, and kept
 * cells keep their exact value. One mean and one select over the batch. Stateless; thread-safe.
 */
public final class SpecAugment {

    private SpecAugment() {
    }

    /** The spectrograms with random frequency and time masks; {@code random} places them. */
    public static NDArray mask(NDManager manager, NDArray spectrograms, int masks, int maxBands, int maxFrames,
            Random random) {
        Shape shape = spectrograms.getShape();
        int n = (int) shape.get(0);
        int mels = (int) shape.get(2);
        int frames = (int) shape.get(3);
        boolean[] bandMasked = new boolean[n * mels];
        boolean[] frameMasked = new boolean[n * frames];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < masks; k++) {
                mark(bandMasked, i * mels, mels, Math.min(maxBands, mels), random);
                mark(frameMasked, i * frames, frames, Math.min(maxFrames, frames), random);
            }
        }
        // One flag per cell, sent once: cheaper than a further batch-wide op joining band and frame masks.
        boolean[] keep = new boolean[n * mels * frames];
        for (int i = 0; i < n; i++) {
            for (int m = 0; m < mels; m++) {
                if (!bandMasked[i * mels + m]) {
                    int cell = (i * mels + m) * frames;
                    for (int t = 0; t < frames; t++) {
                        keep[cell + t] = !frameMasked[i * frames + t];
                    }
                }
            }
        }
        // DJL's PyTorch mean takes one axis at a time.
        NDArray mean = spectrograms.reshape(n, -1).mean(new int[] {1}, true).reshape(n, 1, 1, 1);
        return NDArrays.where(manager.create(keep, shape), spectrograms, mean);
    }

    /** Marks a random span of width uniform in [0, maxWidth] within {@code [offset, offset + length)}. */
    private static void mark(boolean[] masked, int offset, int length, int maxWidth, Random random) {
        int width = random.nextInt(maxWidth + 1);
        int start = random.nextInt(length - width + 1);
        java.util.Arrays.fill(masked, offset + start, offset + start + width, true);
    }
}
