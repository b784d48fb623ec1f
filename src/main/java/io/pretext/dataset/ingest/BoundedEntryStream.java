package io.pretext.dataset.ingest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what an archive entry expands to and stops a zip bomb while it expands: past the total
 * budget of the whole archive, or past {@code ratio} times the entry's compressed size.
 * Not thread-safe.
 */
final class BoundedEntryStream extends FilterInputStream {

    /** Small entries compress well legitimately (a blank PNG); the ratio rule starts above this. */
    private static final long RATIO_FLOOR = 1 << 20;

    private final String entry;
    private final long ratioLimit;
    private final AtomicLong totalBudget;
    private final long totalLimit;
    private long read;

    BoundedEntryStream(InputStream in, String entry, long compressedSize, int ratio, AtomicLong totalRead,
            long totalLimit) {
        super(in);
        this.entry = entry;
        this.ratioLimit = Math.max(RATIO_FLOOR, compressedSize < 0 ? RATIO_FLOOR : compressedSize * ratio);
        this.totalBudget = totalRead;
        this.totalLimit = totalLimit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) {
        read += n;
        if (read > ratioLimit) {
            throw new InvalidDatasetException(entry, "expands more than the allowed compression ratio; "
                    + "refusing a possible zip bomb");
        }
        if (totalBudget.addAndGet(n) > totalLimit) {
            throw new InvalidDatasetException(413, entry, "the archive expands to more than " + totalLimit
                    + " bytes, the configured limit");
        }
    }
}
