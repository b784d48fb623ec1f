package io.pretext.inference;

/**
 * One image of a request as it arrived.
 *
 * @param name how errors name it, e.g. {@code images[2]} or {@code files[0] (cat.png)}
 * @param bytes the encoded image, or null when it could not even be read (e.g. bad base64)
 * @param problem why {@code bytes} is null, else null
 */
record ImageInput(String name, byte[] bytes, String problem) {

    static ImageInput of(String name, byte[] bytes) {
        return new ImageInput(name, bytes, null);
    }

    static ImageInput unreadable(String name, String problem) {
        return new ImageInput(name, null, problem);
    }
}
