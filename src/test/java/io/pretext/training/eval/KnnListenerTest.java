package io.pretext.training.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.augment.BatchAugmenter;
import io.pretext.training.augment.ViewTransform;
import io.pretext.training.data.TrainingData;
import io.pretext.training.method.Views;
import org.junit.jupiter.api.Test;

class KnnListenerTest {

    private static final int SIZE = 4 * 4;
    private static final float MEAN = 0.4f;
    private static final float STD = 0.2f;
    private static final Views VIEWS = new Views(new BatchAugmenter(ViewTransform.NONE), new float[] {MEAN},
            new float[] {STD});

    private static KnnMonitor monitor(DatasetReader.Images bank, DatasetReader.Images queries) {
        return new KnnMonitor(TrainingData.of(bank), IntStream.range(0, bank.numSamples()).toArray(),
                TrainingData.of(queries), IntStream.range(0, queries.numSamples()).toArray());
    }

    /** Flatten and a linear map to 5 features, initialised for 4 x 4 one-channel images. */
    private static SequentialBlock linearEncoder(NDManager manager) {
        SequentialBlock encoder = new SequentialBlock().add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(5).build());
        encoder.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 4, 4));
        return encoder;
    }

    /** Images whose pixels are a class-specific pattern plus noise. */
    private static DatasetReader.Images images(int n, long seed) {
        Random random = new Random(seed);
        byte[] pixels = new byte[n * SIZE];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            for (int p = 0; p < SIZE; p++) {
                int base = (p + labels[i]) % 3 == 0 ? 150 : 60;
                pixels[i * SIZE + p] = (byte) Math.max(0, Math.min(255, base + random.nextInt(161) - 80));
            }
        }
        return new DatasetReader.Images(n, 1, 4, 4, pixels, labels, List.of("a", "b", "c"), "test");
    }

    /** The monitor's protocol by hand on standardised pixels: cosine, all bank samples vote, exp(s / 0.1). */
    private static double byHand(DatasetReader.Images bank, DatasetReader.Images queries, float mean, float std) {
        int correct = 0;
        for (int q = 0; q < queries.numSamples(); q++) {
            double[] votes = new double[3];
            for (int b = 0; b < bank.numSamples(); b++) {
                votes[bank.labels()[b]] += Math.exp(cosine(queries, q, bank, b, mean, std) / KnnMonitor.TEMPERATURE);
            }
            int best = 0;
            for (int c = 1; c < 3; c++) {
                best = votes[c] > votes[best] ? c : best;
            }
            correct += best == queries.labels()[q] ? 1 : 0;
        }
        return (double) correct / queries.numSamples();
    }

    private static double cosine(DatasetReader.Images a, int i, DatasetReader.Images b, int j, float mean, float std) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int p = 0; p < SIZE; p++) {
            double x = ((a.pixels()[i * SIZE + p] & 0xff) / 255.0 - mean) / std;
            double y = ((b.pixels()[j * SIZE + p] & 0xff) / 255.0 - mean) / std;
            dot += x * y;
            na += x * x;
            nb += y * y;
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void epoch_zero_reports_pixels_and_the_untrained_encoder_once_before_the_first_epoch() throws Exception {
        DatasetReader.Images bank = images(60, 1);
        DatasetReader.Images queries = images(30, 2);
        KnnMonitor monitor = monitor(bank, queries);
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock encoder = linearEncoder(manager);
            List<Map<String, Double>> reported = new ArrayList<>();
            KnnListener listener = new KnnListener(monitor, encoder, VIEWS, manager, 1, 3, reported::add, true);

            listener.onStart(1, 0);
            listener.onEpochStart(1);
            listener.onEpochStart(2);

            assertThat(reported).hasSize(1);
            Map<String, Double> metrics = reported.get(0);
            assertThat(metrics).containsOnlyKeys(KnnListener.ACCURACY, KnnListener.PIXELS);
            assertThat(metrics.get(KnnListener.PIXELS)).isCloseTo(byHand(bank, queries, MEAN, STD), within(1e-9));
            assertThat(metrics.get(KnnListener.ACCURACY))
                    .isCloseTo(monitor.accuracy(encoder, VIEWS, manager), within(1e-9));
        }
    }

    @Test
    void a_resumed_run_reports_no_epoch_zero_not_even_when_it_resumes_inside_epoch_one() throws Exception {
        KnnMonitor monitor = monitor(images(60, 1), images(30, 2));
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock encoder = linearEncoder(manager);
            List<Map<String, Double>> reported = new ArrayList<>();
            // A step checkpoint inside epoch 1, then one at the end of epoch 1: the loop still starts
            // each with onEpochStart of the epoch it resumes.
            KnnListener insideEpochOne = new KnnListener(monitor, encoder, VIEWS, manager, 1, 3, reported::add, true);
            insideEpochOne.onStart(1, 4);
            insideEpochOne.onEpochStart(1);
            KnnListener afterEpochOne = new KnnListener(monitor, encoder, VIEWS, manager, 1, 3, reported::add, true);
            afterEpochOne.onStart(2, 0);
            afterEpochOne.onEpochStart(2);

            assertThat(reported).isEmpty();
        }
    }
}
