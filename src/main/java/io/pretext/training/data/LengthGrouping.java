package io.pretext.training.data;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * An epoch order that puts texts of similar length into the same batch, so a batch padded to its
 * longest text wastes few positions (the grouping of Hugging Face's {@code group_by_length}): a
 * shuffled order is cut into windows of {@link #WINDOW_BATCHES} batches, each window is sorted by
 * length, cut into batches, and the full batches are put in a random order, the partial last batch
 * (if any) kept last. Every sample appears exactly once; the same inputs and random state give the
 * same order. Stateless.
 */
public final class LengthGrouping {

    /**
     * Batches per sorting window: large enough that neighbours in a window have nearly the same
     * length, small enough that a batch still mixes texts from all over the corpus.
     */
    static final int WINDOW_BATCHES = 50;

    private LengthGrouping() {
    }

    /**
     * @param shuffled sample indices in an already shuffled order
     * @param lengths the length (real tokens) of every sample, indexed by sample index
     * @param random drives the batches' order
     */
    public static int[] order(int[] shuffled, int[] lengths, int batchSize, Random random) {
        int n = shuffled.length;
        Integer[] boxed = Arrays.stream(shuffled).boxed().toArray(Integer[]::new);
        int window = WINDOW_BATCHES * batchSize;
        Comparator<Integer> longestFirst = Comparator.comparingInt((Integer i) -> lengths[i]).reversed();
        for (int from = 0; from < n; from += window) {
            Arrays.sort(boxed, from, Math.min(n, from + window), longestFirst);
        }
        int fullBatches = n / batchSize;
        int[] batchOrder = Shuffle.permutation(fullBatches, random);
        int[] order = new int[n];
        int at = 0;
        for (int batch : batchOrder) {
            for (int i = batch * batchSize; i < (batch + 1) * batchSize; i++) {
                order[at++] = boxed[i];
            }
        }
        for (int i = fullBatches * batchSize; i < n; i++) {
            order[at++] = boxed[i];
        }
        return order;
    }

    /** The number of non-padding ids in each row of a {@code rows x width} id matrix. */
    static int[] rowLengths(int[] ids, int rows, int width, int padding) {
        return IntStream.range(0, rows).map(r -> {
            int length = width;
            while (length > 0 && ids[r * width + length - 1] == padding) {
                length--;
            }
            return length;
        }).toArray();
    }
}
