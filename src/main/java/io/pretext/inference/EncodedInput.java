package io.pretext.inference;

import java.util.List;

import io.pretext.dataset.Modality;
import io.pretext.dataset.ingest.AudioClips;

/**
 * One encoded input of a request as it arrived: an image (PNG or JPEG) or a WAV file.
 *
 * @param name how errors name it, e.g. {@code images[2]}, {@code audio[0]} or {@code files[0] (cat.png)}
 * @param bytes the encoded file, or null when it could not even be read (e.g. bad base64)
 * @param problem why {@code bytes} is null, else null
 */
record EncodedInput(String name, byte[] bytes, String problem) {

    static EncodedInput of(String name, byte[] bytes) {
        return new EncodedInput(name, bytes, null);
    }

    static EncodedInput unreadable(String name, String problem) {
        return new EncodedInput(name, null, problem);
    }

    /**
     * What a request's files are, for the modality check: audio when every file is a WAV file, images
     * when every file starts like a PNG or JPEG, else undecided (null: each file is then checked on its
     * own, and one that is neither is a 400 naming it).
     */
    static Modality modality(List<EncodedInput> inputs) {
        if (!inputs.isEmpty() && inputs.stream().allMatch(input -> AudioClips.isWav(input.bytes()))) {
            return Modality.AUDIO;
        }
        if (!inputs.isEmpty() && inputs.stream().allMatch(input -> looksLikeImage(input.bytes()))) {
            return Modality.IMAGE;
        }
        return null;
    }

    private static boolean looksLikeImage(byte[] bytes) {
        return bytes != null && bytes.length >= 4 && ((bytes[0] == (byte) 0x89 && bytes[1] == 'P' && bytes[2] == 'N'
                && bytes[3] == 'G') || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xD8 && bytes[2] == (byte) 0xFF));
    }
}
