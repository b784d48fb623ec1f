package io.pretext.training.data;

import java.util.Random;
import java.util.stream.IntStream;

/** Seeded Fisher–Yates shuffles of sample indices. Stateless. */
public final class Shuffle {

    private Shuffle() {
    }

    /** A shuffled copy of {@code values}. */
    public static int[] shuffled(int[] values, Random random) {
        int[] order = values.clone();
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    /** A random permutation of {@code 0 .. n-1}. */
    public static int[] permutation(int n, Random random) {
        return shuffled(IntStream.range(0, n).toArray(), random);
    }
}
