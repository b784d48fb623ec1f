package io.pretext.training.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.text.Tokenizer;
import org.junit.jupiter.api.Test;

/**
 * Texts batched by length: every sample once per epoch, batches of near-equal length, a partial
 * batch last, the same order for the same seed; and a text batch built by length only as wide as its
 * longest row.
 */
class LengthGroupingTest {

    @Test
    void an_epoch_takes_every_sample_once_in_batches_of_similar_length_with_the_partial_batch_last() {
        int n = 1_000;
        int batch = 16;
        Random lengthsRandom = new Random(3);
        int[] lengths = IntStream.range(0, n).map(i -> 1 + lengthsRandom.nextInt(128)).toArray();
        int[] shuffled = Shuffle.permutation(n, new Random(1));

        int[] order = LengthGrouping.order(shuffled, lengths, batch, new Random(2));

        assertThat(order).containsExactlyInAnyOrder(shuffled);
        assertThat(LengthGrouping.order(shuffled, lengths, batch, new Random(2))).containsExactly(order);
        assertThat(LengthGrouping.order(shuffled, lengths, batch, new Random(9))).isNotEqualTo(order);
        // A batch of random texts spans about the whole range of lengths; a grouped one a sliver of it.
        assertThat(meanSpread(order, lengths, batch)).isLessThan(10);
        assertThat(meanSpread(shuffled, lengths, batch)).isGreaterThan(90);
        // 1,000 = 62 x 16 + 8: the 8 left over form the last batch, the shortest of the last window.
        int[] tail = Arrays.copyOfRange(order, 992, 1000);
        int[] lastWindow = Arrays.copyOfRange(shuffled, 800, 1000);
        int shortestEight = Arrays.stream(lastWindow).map(i -> lengths[i]).sorted().toArray()[7];
        assertThat(Arrays.stream(tail).map(i -> lengths[i]).max().orElseThrow()).isLessThanOrEqualTo(shortestEight);
    }

    @Test
    void a_text_batch_is_as_wide_as_its_longest_text_and_keeps_every_token() {
        List<String> texts = List.of("one", "one two three four five six", "one two");
        Tokenizer tokenizer = Tokenizer.train(texts, 40);
        DatasetReader.Texts read = new DatasetReader.Texts(texts, new int[0], List.of(), "sha");
        TextData data = new TextData(read, tokenizer, 32, true);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray shortOnes = data.batch(manager, new int[] {0, 2}, 0, 2);
            NDArray all = data.batch(manager, new int[] {0, 1, 2}, 0, 3);
            NDArray fixedWidth = new TextData(read, tokenizer, 32).batch(manager, new int[] {0, 2}, 0, 2);

            assertThat(fixedWidth.getShape().get(1)).isEqualTo(32);

            int[] lengths = data.lengths();
            assertThat(shortOnes.getShape().get(1)).isEqualTo(Math.max(lengths[0], lengths[2]));
            assertThat(all.getShape().get(1)).isEqualTo(lengths[1]).isLessThan(32);
            long[] row = Arrays.copyOfRange(all.toLongArray(), 0, (int) all.getShape().get(1));
            long[] expected = new long[row.length];
            int[] encoded = tokenizer.encode("one");
            expected[0] = Tokenizer.CLS;
            for (int i = 0; i < encoded.length; i++) {
                expected[1 + i] = encoded[i];
            }
            assertThat(row).containsExactly(expected);
        }
    }

    @Test
    void a_grouped_stream_cuts_the_grouped_order_into_its_batches() {
        List<String> texts = new ArrayList<>();
        Random random = new Random(4);
        for (int i = 0; i < 200; i++) {
            texts.add("word ".repeat(1 + random.nextInt(30)).trim());
        }
        TextData data = new TextData(new DatasetReader.Texts(texts, new int[0], List.of(), "sha"),
                Tokenizer.train(texts, 40), 40, true);
        int[] samples = IntStream.range(0, 200).toArray();
        ShuffledStream stream = new ShuffledStream(data, samples, 8, 5, Stream.TOKENS, false);

        Random expectedRandom = new Random(5 * 1_000_003L + 2);
        int[] expected = LengthGrouping.order(Shuffle.shuffled(samples, expectedRandom), data.lengths(), 8,
                expectedRandom);
        assertThat(stream.order(2)).containsExactly(expected);
        try (NDManager manager = NDManager.newBaseManager(); Batch batch = stream.batch(manager, 2, 3)) {
            int widest = Arrays.stream(expected, 24, 32).map(i -> data.lengths()[i]).max().orElseThrow();
            assertThat(batch.get(Stream.TOKENS).getShape().get(1)).isEqualTo(widest);
        }
    }

    private static double meanSpread(int[] order, int[] lengths, int batch) {
        double sum = 0;
        int batches = order.length / batch;
        for (int b = 0; b < batches; b++) {
            int[] batchLengths = Arrays.stream(order, b * batch, (b + 1) * batch).map(i -> lengths[i]).toArray();
            sum += Arrays.stream(batchLengths).max().orElseThrow() - Arrays.stream(batchLengths).min().orElseThrow();
        }
        return sum / batches;
    }
}
