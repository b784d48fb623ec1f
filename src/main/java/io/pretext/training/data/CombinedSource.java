package io.pretext.training.data;

import ai.djl.ndarray.NDManager;

/**
 * A batch source with one more stream: every batch of the main source plus the sampled stream's
 * samples of the same global step ({@code (epoch − 1) · stepsPerEpoch + step}). Not thread-safe.
 */
final class CombinedSource implements BatchSource {

    private final BatchSource main;
    private final Stream stream;
    private final SampledStream sampled;

    CombinedSource(BatchSource main, Stream stream, SampledStream sampled) {
        this.main = main;
        this.stream = stream;
        this.sampled = sampled;
    }

    @Override
    public int stepsPerEpoch() {
        return main.stepsPerEpoch();
    }

    @Override
    public int batchSize() {
        return main.batchSize();
    }

    @Override
    public int samplesPerEpoch() {
        return main.samplesPerEpoch();
    }

    @Override
    public Batch batch(NDManager manager, int epoch, int step) {
        long globalStep = (long) (epoch - 1) * main.stepsPerEpoch() + step;
        return main.batch(manager, epoch, step).with(stream, sampled.batch(manager, globalStep));
    }
}
