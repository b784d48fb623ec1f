package io.pretext.training.data;

import ai.djl.ndarray.NDManager;

/**
 * Where a training loop draws its batches from, built by the job: today one shuffled stream
 * ({@link ShuffledStream}), for semi-supervised methods a labeled stream plus an unlabeled one
 * sampled in its own seeded order ({@link #with}). A batch is a function of (epoch, step) alone, so
 * a resumed run sees exactly the batches an uninterrupted one would. Implementations need not be
 * thread-safe.
 */
public interface BatchSource {

    /** Optimizer steps in every epoch. */
    int stepsPerEpoch();

    /** Rows of a full batch of the main stream (what the step's random seed is derived from). */
    int batchSize();

    /** Samples of the main stream one epoch goes through (for throughput). */
    int samplesPerEpoch();

    /**
     * The batch of step {@code step} (0-based, below {@link #stepsPerEpoch()}) of epoch {@code epoch}
     * (1-based), its arrays in {@code manager}.
     */
    Batch batch(NDManager manager, int epoch, int step);

    /** This source with a second stream added to every batch, drawn in that stream's own order. */
    default BatchSource with(Stream stream, SampledStream sampled) {
        return new CombinedSource(this, stream, sampled);
    }
}
