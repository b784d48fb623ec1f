package io.pretext.dataset.ingest;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/**
 * Stages an image dataset's captions in a local temp file in their canonical binary form (per
 * caption: int32 LE image index, int32 LE UTF-8 length, the UTF-8 bytes) and feeds the same bytes
 * to the dataset's digest, so memory stays bounded and the content hash covers the captions. Not
 * thread-safe; one per writer.
 */
final class CaptionStaging {

    private final Path file;
    private final DataOutputStream out;
    private final MessageDigest digest;
    private int count;
    private int lastImage = -1;

    CaptionStaging(Path tmpDir, MessageDigest digest) throws IOException {
        this.file = Files.createTempFile(tmpDir, "captions-", ".part");
        this.out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16));
        this.digest = digest;
        digest.update("captions\n".getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @throws IllegalArgumentException when captions come out of image order (a parser bug)
     */
    void add(int image, String text) throws IOException {
        if (image < lastImage) {
            throw new IllegalArgumentException("caption of image " + image + " after one of image " + lastImage);
        }
        lastImage = image;
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] header = new byte[8];
        littleEndian(header, 0, image);
        littleEndian(header, 4, utf8.length);
        out.write(header);
        out.write(utf8);
        digest.update(header);
        digest.update(utf8);
        count++;
    }

    int count() {
        return count;
    }

    /** The staged file, complete; the caller stores it and then {@link #delete()}s it. */
    Path close() throws IOException {
        out.close();
        return file;
    }

    /** Closes and removes the staging file. Safe to call more than once. */
    void delete() throws IOException {
        try {
            out.close();
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void littleEndian(byte[] target, int offset, int value) {
        target[offset] = (byte) value;
        target[offset + 1] = (byte) (value >>> 8);
        target[offset + 2] = (byte) (value >>> 16);
        target[offset + 3] = (byte) (value >>> 24);
    }
}
