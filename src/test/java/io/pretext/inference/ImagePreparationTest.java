package io.pretext.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import io.pretext.dataset.ingest.ImageDecoding;
import io.pretext.dataset.ingest.ImageResize;
import io.pretext.testing.DatasetFiles;
import io.pretext.training.ModelCard;
import io.pretext.web.FieldError;
import io.pretext.web.InvalidRequestException;
import io.pretext.web.ValidationException;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Request images to model input: decoding, channel conversion, resizing, and every bad item named. */
class ImagePreparationTest {

    final ImagePreparation preparation = new ImagePreparation(new InferenceProperties(8, Duration.ZERO, 8,
            Duration.ofSeconds(1), DataSize.ofMegabytes(1), 3, DataSize.ofKilobytes(8), 64 * 64, DataSize.ofMegabytes(1)));
    final ModelCard gray = new ModelCard("cnn-small", 1, 12, 12, new float[] {0}, new float[] {1}, null, 128);
    final ModelCard rgb = new ModelCard("cnn-small", 3, 10, 14, new float[3], new float[3], null, 128);

    @Test
    void images_are_decoded_to_the_cards_channels_and_resized_like_datasets() {
        byte[] png = DatasetFiles.png(20, 30, false, 1);
        byte[] jpeg = DatasetFiles.jpeg(12, 12, 2);

        byte[] pixels = preparation.prepare("images", List.of(EncodedInput.of("images[0]", png),
                EncodedInput.of("images[1]", jpeg)), gray);

        assertThat(pixels).hasSize(2 * 144);
        byte[] first = ImageResize.square(ImageDecoding.decodeChw(png, 1), 1, 30, 20, 12);
        assertThat(java.util.Arrays.copyOfRange(pixels, 0, 144)).isEqualTo(first);
        assertThat(java.util.Arrays.copyOfRange(pixels, 144, 288)).isEqualTo(ImageDecoding.decodeChw(jpeg, 1));
        assertThat(preparation.prepare("files", List.of(EncodedInput.of("files[0]", DatasetFiles.png(7, 7, true, 3))),
                rgb)).as("gray to RGB, to a 10x14 card").hasSize(3 * 10 * 14);
    }

    @Test
    void every_bad_image_is_named_in_one_400() {
        List<EncodedInput> inputs = List.of(EncodedInput.of("images[0]", DatasetFiles.png(8, 8, true, 1)),
                EncodedInput.of("images[1]", "GIF89a....".getBytes()), EncodedInput.of("images[2]", new byte[0]));

        assertThatThrownBy(() -> preparation.prepare("images", inputs, gray))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("images[1]: not a PNG or JPEG (and 1 more)");
                    assertThat(e.errors()).extracting(FieldError::field).containsExactly("images[1]", "images[2]");
                    assertThat(e.errors().get(1).message()).isEqualTo("images[2]: empty");
                });
    }

    @Test
    void a_truncated_png_is_named_as_unreadable() {
        byte[] png = DatasetFiles.png(8, 8, true, 1);
        byte[] truncated = java.util.Arrays.copyOf(png, 30);

        assertThatThrownBy(() -> preparation.prepare("images", List.of(EncodedInput.of("images[0]", truncated)), gray))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.errors().get(0).message()).startsWith("images[0]: not a"));
    }

    @Test
    void too_many_pixels_or_bytes_is_a_413_checked_before_decoding() {
        assertThatThrownBy(() -> preparation.prepare("images",
                List.of(EncodedInput.of("images[0]", DatasetFiles.png(65, 64, true, 1))), gray))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.getMessage()).startsWith("images[0]: 65x64 pixels is more than the limit of 4096");
                });
        assertThatThrownBy(() -> preparation.prepare("images",
                List.of(EncodedInput.of("images[0]", DatasetFiles.png(60, 60, false, 1))), gray))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void no_images_is_a_400_and_too_many_a_413() {
        assertThatThrownBy(() -> preparation.prepare("images", List.of(), gray))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo("images");
                });
        byte[] png = DatasetFiles.png(8, 8, true, 1);
        assertThatThrownBy(() -> preparation.prepare("files", List.of(EncodedInput.of("a", png), EncodedInput.of("b", png),
                EncodedInput.of("c", png), EncodedInput.of("d", png)), gray))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.status()).isEqualTo(413));
    }
}
