package io.pretext.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import io.pretext.training.ModelCard;
import io.pretext.web.InvalidRequestException;
import org.junit.jupiter.api.Test;

class PixelTensorTest {

    static final ModelCard CARD = new ModelCard("cnn-small", 3, 2, 2, new float[] {0, 0, 0}, new float[] {1, 1, 1},
            null, 4);

    @Test
    void float32_pixels_from_8_bit_images_quantise_back_to_exactly_those_bytes() {
        ByteBuffer floats = ByteBuffer.allocate(256 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < 256; k++) {
            floats.putFloat(k / 255f);
        }
        ModelCard card = new ModelCard("cnn-small", 1, 16, 16, new float[] {0}, new float[] {1}, null, 4);

        byte[] pixels = PixelTensor.fromBytes("body", floats.array(), PixelTensor.PixelType.FLOAT32, 1, card);

        for (int k = 0; k < 256; k++) {
            assertThat(pixels[k] & 0xff).isEqualTo(k);
        }
    }

    @Test
    void uint8_bodies_are_taken_as_they_are_when_their_length_fits_the_shape() {
        byte[] body = new byte[2 * 3 * 2 * 2];
        body[5] = (byte) 200;

        assertThat(PixelTensor.fromBytes("body", body, PixelTensor.PixelType.UINT8, 2, CARD)).isSameAs(body);
        assertThatThrownBy(() -> PixelTensor.fromBytes("body", new byte[23], PixelTensor.PixelType.UINT8, 2, CARD))
                .hasMessage("the body has 23 bytes, but 2 images of 3x2x2 uint8 take 24");
        assertThatThrownBy(() -> PixelTensor.fromBytes("body", body, PixelTensor.PixelType.FLOAT32, 2, CARD))
                .hasMessage("the body has 24 bytes, but 2 images of 3x2x2 float32 take 96");
    }

    @Test
    void shapes_must_be_nchw_at_the_cards_size_within_the_image_limit() {
        assertThat(PixelTensor.count("shape", List.of(2L, 3L, 2L, 2L), 8)).isEqualTo(2);
        PixelTensor.requireFits("shape", List.of(2L, 3L, 2L, 2L), CARD, "m");

        assertThatThrownBy(() -> PixelTensor.requireFits("shape", List.of(2L, 2L, 2L, 3L), CARD, "m"))
                .hasMessageContaining("takes [N, 3, 2, 2] (NCHW");
        assertThatThrownBy(() -> PixelTensor.count("shape", List.of(3L, 2L, 2L), 8))
                .hasMessageContaining("is not [N, C, H, W]");
        assertThatThrownBy(() -> PixelTensor.count("shape", List.of(0L, 3L, 2L, 2L), 8))
                .hasMessageContaining("is not [N, C, H, W]");
        assertThatThrownBy(() -> PixelTensor.count("shape", List.of(9L, 3L, 2L, 2L), 8))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.status()).isEqualTo(413));
    }

    @Test
    void elements_outside_their_range_are_refused_with_their_index() {
        assertThat(PixelTensor.fromUint8("data", 0, 255) & 0xff).isEqualTo(255);
        assertThatThrownBy(() -> PixelTensor.fromUint8("data", 4, 1.5)).hasMessageContaining("element 4 is 1.5");
        assertThatThrownBy(() -> PixelTensor.fromUint8("data", 1, -1)).hasMessageContaining("element 1 is -1.0");
        assertThatThrownBy(() -> PixelTensor.fromUnit("data", 2, Double.NaN)).hasMessageContaining("element 2 is NaN");
        assertThatThrownBy(() -> PixelTensor.fromUnit("data", 3, 1.01)).hasMessageContaining("in [0, 1]");
        assertThat(PixelTensor.PixelType.of("dtype", " Float32")).isEqualTo(PixelTensor.PixelType.FLOAT32);
        assertThatThrownBy(() -> PixelTensor.PixelType.of("dtype", "int8")).hasMessageContaining("use uint8 or float32");
    }
}
