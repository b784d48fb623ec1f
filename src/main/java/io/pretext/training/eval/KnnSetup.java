package io.pretext.training.eval;

import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;

import io.pretext.training.KnnSources;
import io.pretext.training.child.RunContext;
import io.pretext.training.data.Shuffle;
import io.pretext.training.data.TrainingData;

/**
 * Chooses the kNN monitor's data from the payload's {@code knn} section: the bank is the labeled
 * finetuning dataset, the queries the first evaluation dataset (or, without one, a held-out part of
 * the bank). Both are capped, by a seeded sample, to keep the monitor to seconds. Stateless.
 */
public final class KnnSetup {

    static final int MAX_BANK = 20_000;
    static final int MAX_QUERIES = 5_000;

    private KnnSetup() {
    }

    /** Reads a dataset in the form the network being monitored takes. */
    public interface Loader {
        TrainingData load(UUID dataset) throws IOException;
    }

    /** The monitor, or null when the spec names no labeled data. */
    public static KnnMonitor monitor(RunContext context, Loader reader) throws IOException {
        KnnSources knn = context.payload().knn();
        if (knn == null) {
            return null;
        }
        TrainingData bank = reader.load(knn.bank());
        if (bank.labels().length == 0) {
            return null;
        }
        int[] bankOrder = Shuffle.permutation(bank.size(), new Random(context.seed()));
        if (knn.queries() != null) {
            TrainingData queries = reader.load(knn.queries());
            if (queries.classes().equals(bank.classes()) && queries.labels().length > 0) {
                int[] queryOrder = Shuffle.permutation(queries.size(), new Random(context.seed() + 1));
                return new KnnMonitor(bank, head(bankOrder, MAX_BANK), queries, head(queryOrder, MAX_QUERIES));
            }
        }
        int held = Math.min(MAX_QUERIES, bank.size() / 5);
        return new KnnMonitor(bank, head(Arrays.copyOfRange(bankOrder, held, bankOrder.length), MAX_BANK), bank,
                Arrays.copyOfRange(bankOrder, 0, held));
    }

    private static int[] head(int[] order, int max) {
        return Arrays.copyOf(order, Math.min(max, order.length));
    }
}
