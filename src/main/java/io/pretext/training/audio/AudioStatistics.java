package io.pretext.training.audio;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.pretext.training.data.TrainingData;

/**
 * The mean and standard deviation of log-mel values over some clips, the one-channel
 * standardisation an audio model's card records. Stateless.
 */
public final class AudioStatistics {

    private static final int BATCH = 128;

    private AudioStatistics() {
    }

    /**
     * @param samples indices of the clips to measure
     * @return {@code {{mean}, {std}}}, std 1 when the values are constant
     */
    public static float[][] of(NDManager manager, LogMelFrontEnd frontEnd, TrainingData clips, int[] samples) {
        double sum = 0;
        double squares = 0;
        long count = 0;
        for (int from = 0; from < samples.length; from += BATCH) {
            int to = Math.min(samples.length, from + BATCH);
            try (NDManager step = manager.newSubManager()) {
                NDArray mel = frontEnd.apply(step, clips.batch(step, samples, from, to));
                sum += mel.sum().getFloat();
                squares += mel.square().sum().getFloat();
                count += mel.size();
            }
        }
        double mean = sum / Math.max(1, count);
        double variance = Math.max(0, squares / Math.max(1, count) - mean * mean);
        return new float[][] {{(float) mean}, {variance < 1e-8 ? 1f : (float) Math.sqrt(variance)}};
    }
}
