package io.pretext.training.audio;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * SpecAugment's masking (Park et al. 2019) on a batch of {@code N x 1 x mels x frames}
 * spectrograms: {@code masks} frequency bands of up to {@code maxBands} mel bands and {@code masks}
 * time spans of up to {@code maxFrames} frames per spectrogram, each width uniform from 0, placed
 * uniformly; masked cells take the spectrogram's own mean, so the mask adds no new level. One
 * multiply-add over the batch. Stateless; thread-safe.
 */
public final class SpecAugment {

    private SpecAugment() {
    }

    public static NDArray mask(NDManager manager, NDArray spectrograms, int masks, int maxBands, int maxFrames,
            Random random) {
        Shape shape = spectrograms.getShape();
        int n = (int) shape.get(0);
        int mels = (int) shape.get(2);
        int frames = (int) shape.get(3);
        float[] bandKeep = ones(n * mels);
        float[] frameKeep = ones(n * frames);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < masks; k++) {
                clear(bandKeep, i * mels, mels, Math.min(maxBands, mels), random);
                clear(frameKeep, i * frames, frames, Math.min(maxFrames, frames), random);
            }
        }
        NDArray keep = manager.create(bandKeep, new Shape(n, 1, mels, 1))
                .mul(manager.create(frameKeep, new Shape(n, 1, 1, frames)));
        // DJL's PyTorch mean takes one axis at a time.
        NDArray mean = spectrograms.reshape(n, -1).mean(new int[] {1}, true).reshape(n, 1, 1, 1);
        return spectrograms.sub(mean).mul(keep).add(mean);
    }

    private static float[] ones(int size) {
        float[] a = new float[size];
        java.util.Arrays.fill(a, 1f);
        return a;
    }

    /** Zeroes a random span of width uniform in [0, maxWidth] within {@code [offset, offset + length)}. */
    private static void clear(float[] keep, int offset, int length, int maxWidth, Random random) {
        int width = random.nextInt(maxWidth + 1);
        int start = random.nextInt(length - width + 1);
        java.util.Arrays.fill(keep, offset + start, offset + start + width, 0f);
    }
}
