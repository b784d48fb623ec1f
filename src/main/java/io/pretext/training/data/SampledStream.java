package io.pretext.training.data;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A second stream beside a batch source's main one, e.g. FixMatch's μB unlabeled images next to B
 * labeled ones: {@code perStep} samples every step, taken one after another from an endless
 * sequence of passes over the samples, pass {@code p} in a Fisher–Yates order seeded with
 * {@code seed * 1_000_003 + p}. Which samples a step gets depends only on the seed and the global
 * step, so a resumed run draws the same ones; the stream's epochs need not line up with the main
 * stream's. Not thread-safe (it caches the current pass's order).
 */
public final class SampledStream {

    private final TrainingData data;
    private final int[] samples;
    private final int perStep;
    private final long seed;
    private long cachedPass = -1;
    private int[] order;

    /**
     * @param perStep samples per step (μB)
     * @param seed the stream's own seed: give it one unlike the main stream's so orders differ
     */
    public SampledStream(TrainingData data, int[] samples, int perStep, long seed) {
        if (samples.length == 0 || perStep < 1) {
            throw new IllegalArgumentException("a sampled stream needs samples and a positive count per step");
        }
        this.data = data;
        this.samples = samples.clone();
        this.perStep = perStep;
        this.seed = seed;
    }

    /** The sample indices of global step {@code globalStep} (0-based over all epochs). */
    public int[] indices(long globalStep) {
        int[] chosen = new int[perStep];
        long position = globalStep * perStep;
        for (int i = 0; i < perStep; i++, position++) {
            chosen[i] = pass(position / samples.length)[(int) (position % samples.length)];
        }
        return chosen;
    }

    /** The samples of global step {@code globalStep} as one array in {@code manager}. */
    public NDArray batch(NDManager manager, long globalStep) {
        int[] chosen = indices(globalStep);
        return data.batch(manager, chosen, 0, chosen.length);
    }

    private int[] pass(long pass) {
        if (pass != cachedPass) {
            order = Shuffle.shuffled(samples, new Random(seed * 1_000_003L + pass));
            cachedPass = pass;
        }
        return order;
    }
}
