package io.pretext.training.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDManager;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.data.Batch;
import io.pretext.training.data.Stream;
import io.pretext.training.text.TokenRows;
import io.pretext.training.text.Tokenizer;
import org.junit.jupiter.api.Test;

/** One random caption per image, reproducibly; what the pairs and the settings accept. */
class CaptionedBatchesTest {

    private static final ImageTextPairs PAIRS = CaptionedSquares.pairs(20, 3);
    private static final Tokenizer TOKENIZER = ClipMethod.tokenizer(PAIRS, 60);
    private static final int[] ALL = IntStream.range(0, 20).toArray();

    @Test
    void each_image_comes_with_one_of_its_own_captions_and_a_step_is_the_same_for_the_same_seed() {
        CaptionedBatches batches = new CaptionedBatches(PAIRS, TOKENIZER, 12, ALL, 8, 11);
        CaptionedBatches again = new CaptionedBatches(PAIRS, TOKENIZER, 12, ALL, 8, 11);
        CaptionedBatches otherSeed = new CaptionedBatches(PAIRS, TOKENIZER, 12, ALL, 8, 12);
        try (NDManager manager = NDManager.newBaseManager()) {
            assertThat(batches.stepsPerEpoch()).isEqualTo(3);
            for (int step = 0; step < 3; step++) {
                try (Batch batch = batches.batch(manager, 2, step); Batch same = again.batch(manager, 2, step);
                        Batch other = otherSeed.batch(manager, 2, step)) {
                    long[] tokens = batch.get(Stream.TOKENS).toLongArray();
                    assertThat(same.get(Stream.TOKENS).toLongArray()).containsExactly(tokens);
                    assertThat(same.get(Stream.UNLABELED).toFloatArray())
                            .containsExactly(batch.get(Stream.UNLABELED).toFloatArray());
                    assertThat(other.get(Stream.TOKENS).toLongArray()).isNotEqualTo(tokens);
                    int[] order = batches.order(2);
                    int rows = (int) batch.get(Stream.UNLABELED).getShape().get(0);
                    assertThat(batch.get(Stream.TOKENS).getShape().get(0)).isEqualTo(rows);
                    for (int i = 0; i < rows; i++) {
                        int image = order[step * 8 + i];
                        long[] row = java.util.Arrays.copyOfRange(tokens, i * 12, (i + 1) * 12);
                        assertThat(ownCaptions(image)).anySatisfy(own -> assertThat(own).containsExactly(row));
                    }
                }
            }
        }
    }

    @Test
    void over_epochs_every_caption_of_an_image_is_drawn() {
        CaptionedBatches batches = new CaptionedBatches(PAIRS, TOKENIZER, 12, ALL, 10, 1);
        java.util.Set<Integer> drawn = new java.util.HashSet<>();
        for (int epoch = 1; epoch <= 20; epoch++) {
            for (int step = 0; step < 2; step++) {
                for (int caption : batches.captions(batches.order(epoch), step * 10, step * 10 + 10, epoch, step)) {
                    drawn.add(caption);
                }
            }
        }
        assertThat(drawn).hasSize(PAIRS.captions().size());
    }

    @Test
    void pairs_reject_an_image_without_caption_a_caption_without_image_and_a_blank_caption() {
        DatasetReader.Images images = CaptionedSquares.images(2, 1);
        ImageTextPairs.Caption first = new ImageTextPairs.Caption(0, "an apple", null);

        assertThatThrownBy(() -> new ImageTextPairs(images, List.of(first)))
                .hasMessage("image 1 has no caption");
        assertThatThrownBy(() -> new ImageTextPairs(images, List.of(first, new ImageTextPairs.Caption(2, "x", null))))
                .hasMessage("caption 1 describes image 2, outside 0..1");
        assertThatThrownBy(() -> new ImageTextPairs(images, List.of(first, new ImageTextPairs.Caption(1, " ", null))))
                .hasMessage("caption 1 is blank");
    }

    @Test
    void settings_fill_defaults_and_name_the_field_that_is_wrong() {
        ClipSettings defaults = new ClipSettings(null, null, null, null, null, null, null).withDefaults();
        assertThat(defaults).isEqualTo(new ClipSettings(128, 0.07, null, null, false, false,
                List.of("a photo of a {}")));
        defaults.validate("pretrain");

        assertThatThrownBy(() -> new ClipSettings(null, null, null, null, true, null, null).withDefaults()
                .validate("pretrain")).hasMessageStartingWith("pretrain.freezeImage needs pretrain.imageEncoderFrom");
        assertThatThrownBy(() -> new ClipSettings(null, null, UUID.randomUUID(), null, null, true, null).withDefaults()
                .validate("pretrain")).hasMessageStartingWith("pretrain.freezeText needs pretrain.textEncoderFrom");
        assertThatThrownBy(() -> new ClipSettings(null, null, null, null, null, null, List.of("a {}", "no slot"))
                .withDefaults().validate("pretrain")).hasMessage("pretrain.promptTemplates[1] must hold {} exactly once");
        assertThatThrownBy(() -> new ClipSettings(null, 0.001, null, null, null, null, null).withDefaults()
                .validate("pretrain")).hasMessageStartingWith("pretrain.temperature");
    }

    private static List<long[]> ownCaptions(int image) {
        return PAIRS.captions().stream().filter(c -> c.image() == image)
                .map(c -> java.util.Arrays.stream(TokenRows.row(TOKENIZER, c.text(), 12)).asLongStream().toArray())
                .toList();
    }
}
