package io.pretext.inference;

import java.util.ArrayList;
import java.util.List;

import io.pretext.dataset.ingest.ImageDecoding;
import io.pretext.dataset.ingest.ImageResize;
import io.pretext.training.ModelCard;
import io.pretext.web.FieldError;
import io.pretext.web.InvalidRequestException;
import io.pretext.web.ValidationException;

/**
 * Turns a request's encoded images into the model's input: PNG or JPEG decoded to the card's
 * channels (colour to luminance or gray to RGB, alpha dropped), resized bilinearly to the card's
 * size exactly as datasets are, concatenated as uint8 CHW. Checks sizes from the header before
 * decoding, so a small file cannot expand into a huge image. Every bad image is named in one 4xx.
 * Stateless and thread-safe.
 */
final class ImagePreparation {

    private final InferenceProperties limits;

    ImagePreparation(InferenceProperties limits) {
        this.limits = limits;
    }

    /**
     * @param field the request field the images came in ({@code images} or {@code files})
     * @throws InvalidRequestException for no images or too many
     * @throws ValidationException naming each bad image: 413 when every one is too large, else 400
     */
    byte[] prepare(String field, List<EncodedInput> inputs, ModelCard card) {
        if (inputs.isEmpty()) {
            throw new InvalidRequestException(field, field + " is empty: send at least one image");
        }
        if (inputs.size() > limits.maxImages()) {
            throw new InvalidRequestException(413, field, "too many images: " + inputs.size() + ", at most "
                    + limits.maxImages() + " per request (pretext.inference.max-images)");
        }
        byte[] out = new byte[inputs.size() * card.inputBytes()];
        List<FieldError> errors = new ArrayList<>();
        int tooLarge = 0;
        for (int i = 0; i < inputs.size(); i++) {
            EncodedInput input = inputs.get(i);
            try {
                if (input.problem() != null) {
                    throw new BadImage(input.problem(), false);
                }
                System.arraycopy(decode(input.bytes(), card), 0, out, i * card.inputBytes(), card.inputBytes());
            } catch (BadImage e) {
                errors.add(new FieldError(input.name(), input.name() + ": " + e.getMessage()));
                tooLarge += e.tooLarge ? 1 : 0;
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(tooLarge == errors.size() ? 413 : 400,
                    errors.get(0).message() + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""),
                    errors);
        }
        return out;
    }

    /** What is wrong with one image; caught per image, never leaves this class. */
    private static final class BadImage extends Exception {
        final boolean tooLarge;

        BadImage(String message, boolean tooLarge) {
            super(message, null, false, false);
            this.tooLarge = tooLarge;
        }
    }

    /** The pixels at the card's size. */
    private byte[] decode(byte[] bytes, ModelCard card) throws BadImage {
        if (bytes.length == 0) {
            throw new BadImage("empty", false);
        }
        if (bytes.length > limits.maxImageSize().toBytes()) {
            throw new BadImage(bytes.length + " bytes is more than the limit of " + limits.maxImageSize().toBytes()
                    + " (pretext.inference.max-image-size)", true);
        }
        if (!ImageDecoding.isPngOrJpeg(bytes)) {
            throw new BadImage("not a PNG or JPEG", false);
        }
        ImageDecoding.Header header = ImageDecoding.header(bytes);
        if (header == null) {
            throw new BadImage("not a readable PNG or JPEG", false);
        }
        if ((long) header.width() * header.height() > limits.maxImagePixels()) {
            throw new BadImage(header.width() + "x" + header.height() + " pixels is more than the limit of "
                    + limits.maxImagePixels() + " (pretext.inference.max-image-pixels)", true);
        }
        byte[] chw = ImageDecoding.decodeChw(bytes, card.channels());
        if (chw == null || chw.length != card.channels() * header.width() * header.height()) {
            throw new BadImage("not a decodable PNG or JPEG", false);
        }
        return ImageResize.resize(chw, card.channels(), header.height(), header.width(), card.height(),
                card.width());
    }
}
