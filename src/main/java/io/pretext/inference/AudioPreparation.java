package io.pretext.inference;

import java.util.ArrayList;
import java.util.List;

import io.pretext.dataset.ingest.AudioClips;
import io.pretext.training.ModelCard;
import io.pretext.web.FieldError;
import io.pretext.web.InvalidRequestException;
import io.pretext.web.ValidationException;

/**
 * Turns a request's WAV files into an audio model's input: each decoded, mixed to mono, resampled
 * to the card's rate and cut or padded to its clip length by the datasets' own {@link AudioClips},
 * so a clip is served exactly as it would have been trained on; concatenated as int16
 * little-endian samples (the model computes the log-mel front end). Every bad file is named in
 * one 4xx. Stateless and thread-safe.
 */
final class AudioPreparation {

    private final InferenceProperties limits;

    AudioPreparation(InferenceProperties limits) {
        this.limits = limits;
    }

    /**
     * @param field the request field the files came in ({@code audio} or {@code files})
     * @param card an audio model's card
     * @throws InvalidRequestException for no files or too many
     * @throws ValidationException naming each bad file: 413 when every one is too large, else 400
     */
    byte[] prepare(String field, List<EncodedInput> inputs, ModelCard card) {
        if (inputs.isEmpty()) {
            throw new InvalidRequestException(field, field + " is empty: send at least one WAV file");
        }
        if (inputs.size() > limits.maxImages()) {
            throw new InvalidRequestException(413, field, "too many clips: " + inputs.size() + ", at most "
                    + limits.maxImages() + " per request (pretext.inference.max-images)");
        }
        AudioClips clips = new AudioClips(card.audio().sampleRate(), card.audio().clipSamples(),
                AudioClips.MAX_SOURCE_SECONDS);
        int clipBytes = card.inputBytes();
        byte[] out = new byte[inputs.size() * clipBytes];
        List<FieldError> errors = new ArrayList<>();
        int tooLarge = 0;
        for (int i = 0; i < inputs.size(); i++) {
            EncodedInput input = inputs.get(i);
            String problem = input.problem();
            if (problem == null && input.bytes().length > limits.maxImageSize().toBytes()) {
                problem = input.bytes().length + " bytes is more than the limit of " + limits.maxImageSize().toBytes()
                        + " (pretext.inference.max-image-size)";
                tooLarge++;
            }
            if (problem == null) {
                try {
                    pcm16(clips.canonical(input.bytes()), out, i * clipBytes);
                } catch (IllegalArgumentException e) {
                    problem = input.bytes().length == 0 ? "empty" : e.getMessage();
                }
            }
            if (problem != null) {
                errors.add(new FieldError(input.name(), input.name() + ": " + problem));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(tooLarge == errors.size() ? 413 : 400,
                    errors.get(0).message() + (errors.size() > 1 ? " (and " + (errors.size() - 1) + " more)" : ""),
                    errors);
        }
        return out;
    }

    /** Little-endian, as the card's input form and the datasets' shards hold samples. */
    private static void pcm16(short[] samples, byte[] out, int offset) {
        for (int i = 0; i < samples.length; i++) {
            out[offset + 2 * i] = (byte) samples[i];
            out[offset + 2 * i + 1] = (byte) (samples[i] >> 8);
        }
    }
}
