package io.pretext.dataset.ingest;

/**
 * Bounds that keep hostile uploads from exhausting disk or memory. Immutable.
 *
 * @param maxUncompressedBytes total bytes an archive may expand to
 * @param maxCompressionRatio largest uncompressed/compressed ratio of one archive entry (zip bombs)
 * @param maxEntries most entries in an archive
 * @param maxImageSide largest width or height of one image, in pixels
 * @param maxTextBytes largest UTF-8 size of one text record
 */
public record IngestLimits(long maxUncompressedBytes, int maxCompressionRatio, int maxEntries, int maxImageSide,
        int maxTextBytes) {

    /** 8 GiB expanded, ratio 200, 2 million entries, 4096 px, 1 MiB per text. */
    public static IngestLimits defaults() {
        return new IngestLimits(8L << 30, 200, 2_000_000, 4096, 1 << 20);
    }
}
