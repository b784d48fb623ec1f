package io.pretext.training.clip;

import java.util.Random;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pretext.training.data.Batch;
import io.pretext.training.data.BatchSource;
import io.pretext.training.data.ShuffledStream;
import io.pretext.training.data.Stream;
import io.pretext.training.data.TrainingData;
import io.pretext.training.text.TokenRows;
import io.pretext.training.text.Tokenizer;

/**
 * CLIP's batches: every epoch goes once through the chosen images in a fresh shuffled order (as
 * {@link ShuffledStream}: seeded with the seed and the epoch, a last batch of one skipped), and each
 * image of a batch comes with one of its captions drawn at random by a generator seeded with
 * (seed, epoch, step), so a batch depends only on those and a resumed run sees the same ones.
 * Images go to {@link Stream#UNLABELED} ({@code N x C x H x W} floats in [0, 1]), their captions'
 * token ids to {@link Stream#TOKENS} ({@code N x maxLength} int64), row for row. Captions are
 * tokenised once, up front. Not thread-safe.
 */
public final class CaptionedBatches implements BatchSource {

    private final ShuffledStream images;
    private final int[][] captionsByImage;
    private final int[] tokens;
    private final int maxLength;
    private final long seed;

    /**
     * @param samples the images to train on (e.g. a split's training part)
     * @param maxLength tokens per caption, the leading {@code [CLS]} included
     */
    public CaptionedBatches(ImageTextPairs pairs, Tokenizer tokenizer, int maxLength, int[] samples, int batchSize,
            long seed) {
        this.images = new ShuffledStream(TrainingData.of(pairs.images()), samples, batchSize, seed, Stream.UNLABELED,
                false);
        this.captionsByImage = pairs.captionsByImage();
        this.maxLength = maxLength;
        this.seed = seed;
        this.tokens = new int[Math.multiplyExact(pairs.captions().size(), maxLength)];
        for (int i = 0; i < pairs.captions().size(); i++) {
            int[] row = TokenRows.row(tokenizer, pairs.captions().get(i).text(), maxLength);
            System.arraycopy(row, 0, tokens, i * maxLength, maxLength);
        }
    }

    @Override
    public int stepsPerEpoch() {
        return images.stepsPerEpoch();
    }

    @Override
    public int batchSize() {
        return images.batchSize();
    }

    @Override
    public int samplesPerEpoch() {
        return images.samplesPerEpoch();
    }

    @Override
    public Batch batch(NDManager manager, int epoch, int step) {
        Batch batch = images.batch(manager, epoch, step);
        int[] order = images.order(epoch);
        int from = step * batchSize();
        int to = Math.min(order.length, from + batchSize());
        int[] chosen = captions(order, from, to, epoch, step);
        long[] ids = new long[chosen.length * maxLength];
        for (int i = 0; i < chosen.length; i++) {
            for (int j = 0; j < maxLength; j++) {
                ids[i * maxLength + j] = tokens[chosen[i] * maxLength + j];
            }
        }
        return batch.with(Stream.TOKENS, manager.create(ids, new Shape(chosen.length, maxLength)));
    }

    /** The image indices of epoch {@code epoch} in the order its batches take them. */
    int[] order(int epoch) {
        return images.order(epoch);
    }

    /** The caption drawn for each image of {@code order[from, to)}, as indices into the pairs' captions. */
    int[] captions(int[] order, int from, int to, int epoch, int step) {
        Random random = new Random((seed * 1_000_003L + epoch) * 1_000_003L + step);
        int[] chosen = new int[to - from];
        for (int i = from; i < to; i++) {
            int[] options = captionsByImage[order[i]];
            chosen[i - from] = options[random.nextInt(options.length)];
        }
        return chosen;
    }
}
