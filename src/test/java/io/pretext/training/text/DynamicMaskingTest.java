package io.pretext.training.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

class DynamicMaskingTest {

    private static final int VOCAB = 1000;

    @Test
    void chooses_15_percent_of_real_tokens_and_replaces_80_10_10() {
        Random random = new Random(1);
        long[] ids = new long[200_000];
        for (int i = 0; i < ids.length; i++) {
            // a [CLS] every 100 tokens and the last 20 of each 100 padding
            ids[i] = i % 100 == 0 ? Tokenizer.CLS : i % 100 >= 80 ? Tokenizer.PAD : 5 + random.nextInt(VOCAB - 5);
        }
        DynamicMasking.Masked masked = DynamicMasking.mask(ids, VOCAB, 0.15, new Random(2));

        int real = 0;
        for (long id : ids) {
            real += id >= DynamicMasking.FIRST_TOKEN ? 1 : 0;
        }
        int chosen = masked.positions().length;
        assertThat((double) chosen / real).isCloseTo(0.15, within(0.005));
        int mask = 0;
        int replaced = 0;
        int kept = 0;
        for (int j = 0; j < chosen; j++) {
            int i = (int) masked.positions()[j];
            assertThat(ids[i]).as("only real tokens are chosen").isGreaterThanOrEqualTo(DynamicMasking.FIRST_TOKEN);
            assertThat(masked.targets()[j]).isEqualTo(ids[i]);
            long input = masked.inputs()[i];
            if (input == Tokenizer.MASK) {
                mask++;
            } else if (input == ids[i]) {
                kept++;
            } else {
                assertThat(input).isBetween((long) DynamicMasking.FIRST_TOKEN, (long) VOCAB - 1);
                replaced++;
            }
        }
        // A random replacement equals the original 1 time in 995: "kept" is 10% plus that.
        assertThat((double) mask / chosen).isCloseTo(0.80, within(0.01));
        assertThat((double) replaced / chosen).isCloseTo(0.10, within(0.01));
        assertThat((double) kept / chosen).isCloseTo(0.10, within(0.01));
        for (int i = 0; i < ids.length; i++) {
            if (java.util.Arrays.binarySearch(masked.positions(), i) < 0) {
                assertThat(masked.inputs()[i]).as("unchosen tokens stay").isEqualTo(ids[i]);
            }
        }
    }

    @Test
    void masks_differ_from_batch_to_batch_and_a_short_batch_still_gets_one() {
        long[] ids = {Tokenizer.CLS, 7, 8, 9, Tokenizer.PAD};
        DynamicMasking.Masked a = DynamicMasking.mask(ids, VOCAB, 0.15, new Random(3));
        assertThat(a.positions()).isNotEmpty();
        assertThat(java.util.Arrays.stream(a.positions()).boxed().toList()).allSatisfy(p -> assertThat(p).isBetween(1L, 3L));

        long[] many = new long[1000];
        java.util.Arrays.fill(many, 42);
        assertThat(DynamicMasking.mask(many, VOCAB, 0.15, new Random(4)).positions())
                .isNotEqualTo(DynamicMasking.mask(many, VOCAB, 0.15, new Random(5)).positions());
        assertThat(DynamicMasking.mask(new long[] {Tokenizer.CLS, Tokenizer.PAD}, VOCAB, 0.15, new Random(6))
                .positions()).isEmpty();
    }
}
