package io.pretext.inference;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pretext.training.ModelCard;
import io.pretext.web.InvalidRequestException;

/**
 * Pixels a caller already holds, as a tensor of shape {@code [N, C, H, W]} (NCHW, row-major: the
 * layout the models read) that must match the model card's channels, height and width exactly;
 * nothing is resized. Elements are {@code uint8} (0 to 255) or {@code float32} in [0, 1] (the
 * scale the card's mean and std apply to), quantised to 8 bits as the model was trained on 8-bit
 * images (exact for pixels that came from 8-bit images: {@code k / 255}). Stateless and thread-safe.
 */
final class PixelTensor {

    /** The element type of a pixel tensor. */
    enum PixelType {
        UINT8(1), FLOAT32(4);

        private final int bytes;

        PixelType(int bytes) {
            this.bytes = bytes;
        }

        /** Bytes of one element. */
        int bytes() {
            return bytes;
        }

        /** The type's name in requests: {@code uint8} or {@code float32}. */
        @JsonValue
        String value() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * @throws InvalidRequestException naming {@code field} for anything but uint8 or float32 (any case)
         */
        static PixelType of(String field, String text) {
            for (PixelType type : values()) {
                if (type.value().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return type;
                }
            }
            throw new InvalidRequestException(field, field + " '" + text
                    + "' is not a pixel type: use uint8 or float32");
        }
    }

    private PixelTensor() {
    }

    /**
     * The number of images {@code shape} holds, checked for rank and limits (not yet against a card).
     *
     * @throws InvalidRequestException 400 for a shape that is not [N, C, H, W] with N at least 1, 413
     *     for more than {@code maxImages}
     */
    static int count(String field, List<? extends Number> shape, int maxImages) {
        if (shape == null || shape.size() != 4 || shape.stream().anyMatch(d -> d == null || d.longValue() < 1)) {
            throw new InvalidRequestException(field, field + " " + shape + " is not [N, C, H, W] (NCHW) with "
                    + "every dimension at least 1");
        }
        long count = shape.get(0).longValue();
        if (count > maxImages) {
            throw new InvalidRequestException(413, field, "too many images: " + count + ", at most " + maxImages
                    + " per request (pretext.inference.max-images)");
        }
        return (int) count;
    }

    /**
     * @throws InvalidRequestException 422 when the model reads text or audio, 400 when C, H or W differ from the card's
     */
    static void requireFits(String field, List<? extends Number> shape, ModelCard card, String modelName) {
        if (card.readsText() || card.readsAudio()) {
            throw new InvalidRequestException(422, field, "Model " + modelName + " reads "
                    + (card.readsText() ? "text" : "audio (WAV files on /v1/models/{id}/classifications)") + ", not pixels");
        }
        if (shape.get(1).longValue() != card.channels() || shape.get(2).longValue() != card.height()
                || shape.get(3).longValue() != card.width()) {
            throw new InvalidRequestException(field, field + " " + shape + " does not fit model " + modelName
                    + ", which takes [N, " + card.channels() + ", " + card.height() + ", " + card.width()
                    + "] (NCHW: images, channels, height, width)");
        }
    }

    /**
     * The images of a raw body: {@code count} images of {@code type} elements, little-endian for
     * float32, in NCHW order.
     *
     * @throws InvalidRequestException when the body's length is not what the shape and type make,
     *     or a float32 element is outside [0, 1]
     */
    static byte[] fromBytes(String field, byte[] body, PixelType type, int count, ModelCard card) {
        long expected = (long) count * card.inputBytes() * type.bytes();
        if (body.length != expected) {
            throw new InvalidRequestException(field, "the body has " + body.length + " bytes, but " + count
                    + " images of " + card.channels() + "x" + card.height() + "x" + card.width() + " " + type.value()
                    + " take " + expected);
        }
        if (type == PixelType.UINT8) {
            return body;
        }
        byte[] pixels = new byte[count * card.inputBytes()];
        for (int i = 0; i < pixels.length; i++) {
            int at = i * 4;
            int bits = (body[at] & 0xff) | (body[at + 1] & 0xff) << 8 | (body[at + 2] & 0xff) << 16
                    | (body[at + 3] & 0xff) << 24;
            pixels[i] = fromUnit(field, i, Float.intBitsToFloat(bits));
        }
        return pixels;
    }

    /**
     * A float32 element in [0, 1] as the 8-bit pixel it stands for.
     *
     * @param index the element's position, for the error
     * @throws InvalidRequestException for a value outside [0, 1] or NaN
     */
    static byte fromUnit(String field, long index, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new InvalidRequestException(field, field + " element " + index + " is " + value
                    + ": float32 pixels are in [0, 1]");
        }
        return (byte) Math.round(value * 255);
    }

    /**
     * A uint8 element.
     *
     * @throws InvalidRequestException for a value that is not a whole number from 0 to 255
     */
    static byte fromUint8(String field, long index, double value) {
        if (!(value >= 0 && value <= 255) || value != Math.rint(value)) {
            throw new InvalidRequestException(field, field + " element " + index + " is " + value
                    + ": uint8 pixels are whole numbers from 0 to 255");
        }
        return (byte) (int) value;
    }
}
