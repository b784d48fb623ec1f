package io.pretext.inference;

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
}
