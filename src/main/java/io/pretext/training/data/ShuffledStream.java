package io.pretext.training.data;

import java.util.Random;

import ai.djl.ndarray.NDManager;

/**
 * One dataset in a freshly shuffled order every epoch, cut into batches: what every method trains
 * on today. The order of epoch {@code e} is a Fisher–Yates shuffle seeded with
 * {@code seed * 1_000_003 + e}; a last batch of one sample is skipped (BatchNorm needs two). With
 * labels, each batch carries {@link Stream#LABELS} beside its inputs. Texts built
 * {@linkplain TextData#byLength() by length} have each shuffled epoch reordered so that texts of
 * similar length share a batch ({@link LengthGrouping},
 * with the same seeded random state, so a resumed epoch sees the same order). Not thread-safe (it
 * caches the current epoch's order).
 */
public final class ShuffledStream implements BatchSource {

    private final TrainingData data;
    private final int[] samples;
    private final int batchSize;
    private final long seed;
    private final Stream stream;
    private final boolean labeled;
    private final int[] lengths;
    private int cachedEpoch = -1;
    private int[] order;

    /**
     * @param samples the dataset indices to train on (e.g. a split's training part)
     * @param stream the stream the inputs go to
     * @param labeled whether each batch also carries the samples' labels
     */
    public ShuffledStream(TrainingData data, int[] samples, int batchSize, long seed, Stream stream,
            boolean labeled) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive, was " + batchSize);
        }
        this.data = data;
        this.samples = samples.clone();
        this.batchSize = batchSize;
        this.seed = seed;
        this.stream = stream;
        this.labeled = labeled;
        this.lengths = data instanceof TextData texts && texts.byLength() ? texts.lengths() : null;
    }

    /** Optimizer steps per epoch for {@code samples} samples (a last batch of one is skipped). */
    public static int stepsPerEpoch(int samples, int batchSize) {
        return samples / batchSize + (samples % batchSize >= 2 ? 1 : 0);
    }

    @Override
    public int stepsPerEpoch() {
        return stepsPerEpoch(samples.length, batchSize);
    }

    @Override
    public int batchSize() {
        return batchSize;
    }

    @Override
    public int samplesPerEpoch() {
        return samples.length;
    }

    /** The sample indices of epoch {@code epoch} in the order its batches take them. */
    public int[] order(int epoch) {
        if (epoch != cachedEpoch) {
            Random random = new Random(seed * 1_000_003L + epoch);
            order = Shuffle.shuffled(samples, random);
            if (lengths != null) {
                order = LengthGrouping.order(order, lengths, batchSize, random);
            }
            cachedEpoch = epoch;
        }
        return order;
    }

    @Override
    public Batch batch(NDManager manager, int epoch, int step) {
        if (step < 0 || step >= stepsPerEpoch()) {
            throw new IndexOutOfBoundsException("step " + step + " of " + stepsPerEpoch());
        }
        int[] indices = order(epoch);
        int from = step * batchSize;
        int to = Math.min(indices.length, from + batchSize);
        Batch batch = Batch.of(stream, data.batch(manager, indices, from, to));
        return labeled ? batch.with(Stream.LABELS, ImageBatches.labels(manager, data.labels(), indices, from, to))
                : batch;
    }
}
