package io.pretext.training.job;

import ai.djl.ndarray.NDManager;
import io.pretext.training.data.Batch;
import io.pretext.training.data.BatchSource;
import io.pretext.training.data.ImageBatches;
import io.pretext.training.data.SampledStream;
import io.pretext.training.data.Stream;
import io.pretext.training.data.TrainingData;
import io.pretext.training.method.FixMatch;

/**
 * FixMatch's batches, step-based: every step B labeled images with their labels and μB unlabeled
 * images (with their labels as {@link FixMatch#UNLABELED_LABELS} when the unlabeled dataset has
 * them, for the pseudo-label accuracy only), each drawn from its own {@link SampledStream}, so the
 * labeled stream cycles through the few labels as often as the budget needs. An "epoch" is a fixed
 * number of steps: the interval between validations and checkpoints. A batch depends only on the
 * seed and the global step, so a resumed run sees the same batches. Not thread-safe.
 */
final class FixMatchSource implements BatchSource {

    private final TrainingData labeled;
    private final SampledStream labeledStream;
    private final TrainingData unlabeled;
    private final SampledStream unlabeledStream;
    private final boolean unlabeledHasLabels;
    private final int batchSize;
    private final int mu;
    private final int stepsPerEpoch;

    /**
     * @param train the labeled samples to train on
     * @param unlabeledSamples the unlabeled samples to draw from
     * @param mu unlabeled images per labeled one
     */
    FixMatchSource(TrainingData labeled, int[] train, TrainingData unlabeled, int[] unlabeledSamples, int batchSize,
            int mu, int stepsPerEpoch, long seed) {
        this.labeled = labeled;
        this.labeledStream = new SampledStream(labeled, train, batchSize, seed);
        this.unlabeled = unlabeled;
        // Its own order, unlike the labeled stream's even when both draw from the same dataset.
        this.unlabeledStream = new SampledStream(unlabeled, unlabeledSamples, mu * batchSize, seed * 31 + 17);
        this.mu = mu;
        this.unlabeledHasLabels = unlabeled.labels() != null && unlabeled.labels().length == unlabeled.size()
                && unlabeled.classes().equals(labeled.classes());
        this.batchSize = batchSize;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    @Override
    public int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    /** Labeled and unlabeled images alike, so that samples per second compare with the other arms' work. */
    @Override
    public int samplesPerEpoch() {
        return stepsPerEpoch * batchSize * (1 + mu);
    }

    @Override
    public Batch batch(NDManager manager, int epoch, int step) {
        long globalStep = (long) (epoch - 1) * stepsPerEpoch + step;
        int[] labeledIndices = labeledStream.indices(globalStep);
        int[] unlabeledIndices = unlabeledStream.indices(globalStep);
        Batch batch = Batch.of(Stream.INPUTS, labeled.batch(manager, labeledIndices, 0, labeledIndices.length))
                .with(Stream.LABELS, ImageBatches.labels(manager, labeled.labels(), labeledIndices, 0,
                        labeledIndices.length))
                .with(Stream.UNLABELED, unlabeled.batch(manager, unlabeledIndices, 0, unlabeledIndices.length));
        return unlabeledHasLabels ? batch.with(FixMatch.UNLABELED_LABELS, ImageBatches.labels(manager,
                unlabeled.labels(), unlabeledIndices, 0, unlabeledIndices.length)) : batch;
    }
}
