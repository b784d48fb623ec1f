package io.pretext.dataset;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Stratified, seeded train/validation splits with a label budget. Per class, the indices are
 * shuffled with a {@link Random} seeded from the seed and the class, so a split is the same on
 * every call, restart and machine. A held-out block is taken first ({@code validationFraction} of
 * the class, at least one when the fraction is positive and the class has two or more samples); the
 * labeled training subset is then {@code labelFraction} of the whole class (at least one) or
 * {@code labelsPerClass}, drawn from the rest. Validation is the start of the held-out block, at most
 * as many samples as the class has training labels: a label budget of 60 per class must not be
 * judged by 600 more labels per class that training never sees, which no user with 60 labels has.
 * The rest of the block is unused, so the training subset is the same as before the cap (splits of
 * earlier releases keep their training samples). Stateless and thread-safe.
 */
public final class DatasetSplitter {

    private DatasetSplitter() {
    }

    /**
     * @param labels label index per sample
     * @param numClasses number of classes
     * @return sorted train and validation indices, disjoint
     */
    public static DatasetSplit split(int[] labels, int numClasses, SplitSpec spec) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            List<Integer> indices = byClass.get(c);
            int n = indices.size();
            shuffle(indices, new Random(spec.seed() * 1_000_003L + c));
            int heldOut = spec.validationFraction() > 0 && n > 1
                    ? (int) Math.min(n - 1, Math.max(1, Math.round(spec.validationFraction() * n))) : 0;
            int k = spec.labelsPerClass() != null ? spec.labelsPerClass()
                    : (int) Math.max(1, Math.round(spec.labelFraction() * n));
            k = Math.min(k, n - heldOut);
            // k is at least 1 here whenever the class has a sample left after the held-out block.
            int v = Math.min(heldOut, Math.max(1, k));
            validation.addAll(indices.subList(0, v));
            train.addAll(indices.subList(heldOut, heldOut + k));
        }
        return new DatasetSplit(sorted(train), sorted(validation));
    }

    private static void shuffle(List<Integer> list, Random random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
    }

    private static int[] sorted(List<Integer> indices) {
        int[] array = indices.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(array);
        return array;
    }
}
