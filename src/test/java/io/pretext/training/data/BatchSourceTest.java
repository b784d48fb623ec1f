package io.pretext.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDManager;
import io.pretext.dataset.DatasetReader;
import org.junit.jupiter.api.Test;

class BatchSourceTest {

    /** One-pixel images whose value is the sample index, so a batch shows which samples it holds. */
    private static final TrainingData DATA = indexed(50);

    @Test
    void the_shuffled_stream_keeps_the_order_every_earlier_run_used() {
        int[] samples = IntStream.range(0, 50).toArray();
        ShuffledStream stream = new ShuffledStream(DATA, samples, 16, 7, Stream.UNLABELED, false);

        assertThat(stream.order(3)).containsExactly(Shuffle.shuffled(samples, new Random(7 * 1_000_003L + 3)));
        assertThat(stream.stepsPerEpoch()).isEqualTo(4); // 16 + 16 + 16 + 2
        assertThat(ShuffledStream.stepsPerEpoch(49, 16)).as("a last batch of one is skipped").isEqualTo(3);
    }

    @Test
    void a_labeled_stream_carries_inputs_and_their_labels_row_by_row() {
        try (NDManager manager = NDManager.newBaseManager()) {
            ShuffledStream stream = new ShuffledStream(DATA, IntStream.range(0, 50).toArray(), 16, 7, Stream.INPUTS,
                    true);
            try (Batch batch = stream.batch(manager, 1, 3)) {
                assertThat(batch.streams()).containsExactly(Stream.INPUTS, Stream.LABELS);
                int[] rows = samples(batch, Stream.INPUTS);
                assertThat(rows).containsExactly(Arrays.copyOfRange(stream.order(1), 48, 50));
                float[] labels = batch.get(Stream.LABELS).toFloatArray();
                for (int i = 0; i < rows.length; i++) {
                    assertThat(labels[i]).isEqualTo(rows[i] % 5);
                }
                assertThatThrownBy(() -> batch.get(Stream.TOKENS)).hasMessageContaining("no stream tokens");
            }
        }
    }

    @Test
    void a_resumed_run_sees_the_batches_an_uninterrupted_one_saw() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BatchSource uninterrupted = source(7, 99);
            List<int[][]> seen = new ArrayList<>();
            for (int epoch = 1; epoch <= 3; epoch++) {
                seen.add(epochSamples(uninterrupted, manager, epoch));
            }
            BatchSource resumed = source(7, 99); // a fresh child process starting at epoch 3

            assertThat(epochSamples(resumed, manager, 3)).isDeepEqualTo(seen.get(2));
            assertThat(Arrays.deepEquals(seen.get(1), seen.get(2))).as("epochs differ").isFalse();
        }
    }

    @Test
    void a_second_stream_follows_its_own_seeded_order_reproducibly() {
        int[] unlabeled = IntStream.range(10, 50).toArray();
        SampledStream first = new SampledStream(DATA, unlabeled, 12, 99);
        SampledStream again = new SampledStream(DATA, unlabeled, 12, 99);
        SampledStream otherSeed = new SampledStream(DATA, unlabeled, 12, 100);

        // 40 samples, 12 a step: step 3 takes the last 4 of pass 0 and the first 8 of pass 1.
        int[] pass0 = Shuffle.shuffled(unlabeled, new Random(99 * 1_000_003L));
        int[] pass1 = Shuffle.shuffled(unlabeled, new Random(99 * 1_000_003L + 1));
        int[] expected = IntStream.concat(Arrays.stream(pass0, 36, 40), Arrays.stream(pass1, 0, 8)).toArray();
        assertThat(first.indices(3)).containsExactly(expected);
        assertThat(again.indices(3)).containsExactly(first.indices(3));
        assertThat(otherSeed.indices(3)).isNotEqualTo(first.indices(3));
        int[] onePass = IntStream.range(0, 10).flatMap(step -> Arrays.stream(first.indices(step))).limit(40)
                .sorted().toArray();
        assertThat(onePass).as("a pass takes every sample once").containsExactly(unlabeled);
    }

    @Test
    void a_combined_source_adds_the_second_stream_by_global_step() {
        try (NDManager manager = NDManager.newBaseManager()) {
            BatchSource source = source(7, 99);
            SampledStream unlabeled = new SampledStream(DATA, IntStream.range(0, 50).toArray(), 3, 99);
            int stepsPerEpoch = source.stepsPerEpoch();
            try (Batch batch = source.batch(manager, 2, 1)) {
                assertThat(batch.streams()).containsExactly(Stream.INPUTS, Stream.LABELS, Stream.UNLABELED);
                assertThat(samples(batch, Stream.UNLABELED)).containsExactly(unlabeled.indices(stepsPerEpoch + 1));
                assertThat(samples(batch, Stream.INPUTS)).hasSize(16);
            }
        }
    }

    private static BatchSource source(long seed, long unlabeledSeed) {
        return new ShuffledStream(DATA, IntStream.range(0, 40).toArray(), 16, seed, Stream.INPUTS, true)
                .with(Stream.UNLABELED, new SampledStream(DATA, IntStream.range(0, 50).toArray(), 3, unlabeledSeed));
    }

    private static int[][] epochSamples(BatchSource source, NDManager manager, int epoch) {
        int[][] steps = new int[source.stepsPerEpoch() * 2][];
        for (int step = 0; step < source.stepsPerEpoch(); step++) {
            try (Batch batch = source.batch(manager, epoch, step)) {
                steps[2 * step] = samples(batch, Stream.INPUTS);
                steps[2 * step + 1] = samples(batch, Stream.UNLABELED);
            }
        }
        return steps;
    }

    /** The sample indices of a stream's rows (each image's only pixel is its index / 255). */
    private static int[] samples(Batch batch, Stream stream) {
        float[] pixels = batch.get(stream).toFloatArray();
        return IntStream.range(0, pixels.length).map(i -> Math.round(pixels[i] * 255)).toArray();
    }

    private static TrainingData indexed(int n) {
        byte[] pixels = new byte[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            pixels[i] = (byte) i;
            labels[i] = i % 5;
        }
        return TrainingData.of(new DatasetReader.Images(n, 1, 1, 1, pixels, labels,
                List.of("a", "b", "c", "d", "e"), "sha"));
    }
}
