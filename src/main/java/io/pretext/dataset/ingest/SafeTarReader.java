package io.pretext.dataset.ingest;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Walks the regular files of a gzip-compressed tar, rejecting hostile content with an
 * {@link InvalidDatasetException} naming the entry: absolute or {@code ..} paths, links, nested
 * archives, more entries than {@link IngestLimits#maxEntries()}, expanding beyond
 * {@link IngestLimits#maxUncompressedBytes()}, duplicate or colliding paths, and corrupt data. Every entry is checked, also those
 * the caller skips. Not thread-safe.
 */
final class SafeTarReader implements Closeable {

    private static final int BUFFER = 1 << 16;
    private static final Pattern NESTED_ARCHIVE = Pattern.compile(".*\\.(tar|gz|tgz|zip|bz2|xz)");
    private static final Pattern DRIVE = Pattern.compile("[A-Za-z]:.*");

    private final Bounded bounded;
    private final TarArchiveInputStream tar;
    private final int maxEntries;
    private int entries;
    private final EntryPathRegistry paths = new EntryPathRegistry();

    private SafeTarReader(InputStream compressed, String fileName, IngestLimits limits) {
        InputStream tarStream;
        byte[] header;
        try {
            tarStream = new BufferedInputStream(new GZIPInputStream(compressed, BUFFER), BUFFER);
            tarStream.mark(512);
            header = tarStream.readNBytes(512);
            tarStream.reset();
        } catch (IOException e) {
            throw new InvalidDatasetException(fileName, "corrupt gzip: " + e.getMessage());
        }
        if (header.length < 262 || !new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar")) {
            throw new InvalidDatasetException(fileName, "gzip content is not a tar archive");
        }
        // Counted above the buffer, so that the count is where the tar reader is and names its entry.
        this.bounded = new Bounded(tarStream, fileName, limits.maxUncompressedBytes());
        this.tar = new TarArchiveInputStream(bounded);
        this.maxEntries = limits.maxEntries();
    }

    /** Reads {@code compressed}, which starts with the gzip magic, as a tar; closes it when closed. */
    static SafeTarReader openGzip(InputStream compressed, String fileName, IngestLimits limits) {
        return new SafeTarReader(compressed, fileName, limits);
    }

    /** The next regular file, checked; null at the end of the archive. */
    TarArchiveEntry nextFile() {
        while (true) {
            TarArchiveEntry entry = read(tar::getNextEntry);
            if (entry == null) {
                return null;
            }
            bounded.entry = entry.getName();
            if (++entries > maxEntries) {
                throw new InvalidDatasetException(entry.getName(), "archive has more than " + maxEntries + " entries");
            }
            check(entry);
            if (entry.isFile()) {
                paths.add(entry.getName());
                return entry;
            }
        }
    }

    /** Reads up to {@code buffer.length} bytes of the current entry, or -1 at its end. */
    int read(byte[] buffer) {
        return read(() -> tar.read(buffer));
    }

    /** The current entry's bytes, up to {@code max}. */
    byte[] readAll(int max) {
        return read(() -> tar.readNBytes(max));
    }

    private static void check(TarArchiveEntry entry) {
        String name = entry.getName();
        if (name.startsWith("/") || name.startsWith("\\") || DRIVE.matcher(name).matches()) {
            throw new InvalidDatasetException(name, "absolute path in archive");
        }
        for (String segment : name.split("[/\\\\]")) {
            if (segment.equals("..")) {
                throw new InvalidDatasetException(name, "path leaves the archive (..)");
            }
        }
        if (entry.isSymbolicLink() || entry.isLink()) {
            throw new InvalidDatasetException(name, "links are not allowed in archives");
        }
        if (!entry.isDirectory() && NESTED_ARCHIVE.matcher(name.toLowerCase(Locale.ROOT)).matches()) {
            throw new InvalidDatasetException(name, "nested archives are not allowed");
        }
    }

    private interface Read<T> {
        T get() throws IOException;
    }

    /** Failing to read the archive is bad content (truncated, corrupt), named by the entry at hand. */
    private <T> T read(Read<T> read) {
        try {
            return read.get();
        } catch (IOException e) {
            throw new InvalidDatasetException(bounded.entry, "corrupt archive: " + e.getMessage());
        }
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }

    /** Counts what comes out of the decompressor and fails past {@code max}, naming the current entry. */
    private static final class Bounded extends FilterInputStream {

        private final long max;
        private long count;
        private String entry;

        Bounded(InputStream in, String entry, long max) {
            super(in);
            this.entry = entry;
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                add(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                add(n);
            }
            return n;
        }

        /** Skipped bytes are read, so that entries the caller passes over count too. */
        @Override
        public long skip(long n) throws IOException {
            byte[] scratch = new byte[(int) Math.min(Math.max(n, 0), 8192)];
            long skipped = 0;
            while (skipped < n) {
                int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
                if (read < 0) {
                    break;
                }
                skipped += read;
            }
            return skipped;
        }

        private void add(int n) {
            count += n;
            if (count > max) {
                throw new InvalidDatasetException(entry, "archive expands beyond " + max + " bytes");
            }
        }
    }
}
