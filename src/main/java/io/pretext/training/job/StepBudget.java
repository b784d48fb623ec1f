package io.pretext.training.job;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.pretext.training.data.Batch;
import io.pretext.training.data.BatchSource;
import io.pretext.training.data.ImageBatches;
import io.pretext.training.data.SampledStream;
import io.pretext.training.data.Stream;
import io.pretext.training.data.TrainingData;

/**
 * The labeled batches of a budget of {@code steps} optimizer steps ({@code finetune.steps}): each
 * step takes the next {@code batchSize} samples of an endless sequence of shuffled passes over the
 * training samples ({@link SampledStream}), so a few labels are seen many times and every step is
 * a full batch. For the loop, its listeners and the metrics, the steps are cut into equal
 * <em>rounds</em> that play the part of epochs (validation, checkpoints, unfreezing stages, the
 * epoch numbers in events): {@link #rounds} of them. A step's batch depends only on the seed and
 * its global step, so a resumed run continues the same sequence. Not thread-safe.
 */
final class StepBudget implements BatchSource {

    private final TrainingData data;
    private final SampledStream stream;
    private final int batchSize;
    private final int stepsPerRound;

    /** @param stepsPerRound the optimizer steps of one round (what the loop calls an epoch) */
    StepBudget(TrainingData data, int[] samples, int batchSize, long seed, int stepsPerRound) {
        if (stepsPerRound < 1) {
            throw new IllegalArgumentException("a round needs at least one step, was " + stepsPerRound);
        }
        this.data = data;
        this.stream = new SampledStream(data, samples, batchSize, seed);
        this.batchSize = batchSize;
        this.stepsPerRound = stepsPerRound;
    }

    /**
     * How many rounds {@code steps} are cut into: the divisor of {@code steps} nearest (by ratio)
     * to {@code wanted} (the spec's {@code epochs}), the larger on ties, so the budget is exact;
     * e.g. 1,000 steps and 20 wanted give 20 rounds of 50 steps, 997 steps (prime) one round.
     */
    static int rounds(int steps, int wanted) {
        if (steps < 1 || wanted < 1) {
            throw new IllegalArgumentException("steps and rounds must be positive");
        }
        int best = 1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int r = 1; r <= steps; r++) {
            if (steps % r == 0) {
                double distance = Math.abs(Math.log((double) r / wanted));
                if (distance <= bestDistance) {
                    best = r;
                    bestDistance = distance;
                }
            }
            if (r > wanted * 4L) {
                break;
            }
        }
        return best;
    }

    @Override
    public int stepsPerEpoch() {
        return stepsPerRound;
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public int samplesPerEpoch() {
        return stepsPerRound * batchSize;
    }

    @Override
    public Batch batch(NDManager manager, int epoch, int step) {
        if (epoch < 1 || step < 0 || step >= stepsPerRound) {
            throw new IndexOutOfBoundsException("round " + epoch + ", step " + step + " of " + stepsPerRound);
        }
        int[] indices = stream.indices((long) (epoch - 1) * stepsPerRound + step);
        NDArray inputs = data.batch(manager, indices, 0, indices.length);
        return Batch.of(Stream.INPUTS, inputs).with(Stream.LABELS,
                ImageBatches.labels(manager, data.labels(), indices, 0, indices.length));
    }
}
