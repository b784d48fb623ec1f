package io.pretext.dataset.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * The checks every zip-of-files format makes before and while reading entries: entry count,
 * traversal and absolute paths, symbolic links, duplicate or colliding paths, encryption, nested
 * archives, declared sizes, and the expansion of each entry (zip bombs) and of the whole archive.
 * Shared by the image and audio formats. Stateless.
 */
final class SafeZip {

    private SafeZip() {
    }

    static ZipFile open(Upload upload) throws IOException {
        try {
            return ZipFile.builder().setPath(upload.file()).get();
        } catch (IOException e) {
            throw new InvalidDatasetException(upload.fileName(), "not a readable zip archive");
        }
    }

    /**
     * The data entries in name order (directories and OS debris skipped), so the result does not
     * depend on how the zip was written.
     *
     * @param suffixes accepted lower-case file name endings, e.g. {@code .wav}
     * @param what the kind of file, for messages ({@code an image}, {@code a WAV clip})
     * @param plural the kind of file in the plural ({@code PNG or JPEG images})
     * @throws InvalidDatasetException naming the first entry that fails a check, or the upload when
     *     no entry is accepted
     */
    static List<ZipArchiveEntry> entries(ZipFile zip, String fileName, IngestLimits limits, List<String> suffixes,
            String what, String plural) {
        List<ZipArchiveEntry> accepted = new ArrayList<>();
        EntryPathRegistry paths = new EntryPathRegistry();
        int count = 0;
        for (ZipArchiveEntry entry : Collections.list(zip.getEntries())) {
            if (++count > limits.maxEntries()) {
                throw new InvalidDatasetException(fileName, "more than " + limits.maxEntries() + " entries");
            }
            String name = entry.getName();
            ArchivePaths.requireSafe(name);
            if (entry.isUnixSymlink()) {
                throw new InvalidDatasetException(name, "symbolic links are not accepted");
            }
            if (entry.isDirectory() || ArchivePaths.isIgnorable(name)) {
                continue;
            }
            paths.add(name);
            if (!zip.canReadEntryData(entry)) {
                throw new InvalidDatasetException(name, "encrypted or uses an unsupported compression method");
            }
            if (ArchivePaths.isArchiveName(name)) {
                throw new InvalidDatasetException(name, "nested archives are not accepted");
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (suffixes.stream().noneMatch(lower::endsWith)) {
                throw new InvalidDatasetException(name, "not " + what + ": only " + String.join(", ", suffixes)
                        + " files are accepted");
            }
            if (entry.getSize() > limits.maxUncompressedBytes()) {
                throw new InvalidDatasetException(413, name, "declares " + entry.getSize() + " bytes, over the limit");
            }
            accepted.add(entry);
        }
        if (accepted.isEmpty()) {
            throw new InvalidDatasetException(fileName, "contains no " + plural);
        }
        accepted.sort((a, b) -> a.getName().compareTo(b.getName()));
        return accepted;
    }

    /**
     * An entry's bytes, counted against the archive's expansion budget {@code expanded}.
     *
     * @param maxEntryBytes the most one entry of this format may hold (it is read whole into memory)
     * @throws InvalidDatasetException for a corrupt entry or one that expands past the limits (413)
     */
    static byte[] read(ZipFile zip, ZipArchiveEntry entry, IngestLimits limits, AtomicLong expanded, int maxEntryBytes)
            throws IOException {
        if (entry.getSize() > maxEntryBytes) {
            throw new InvalidDatasetException(413, entry.getName(), "declares " + entry.getSize()
                    + " bytes; one file may hold at most " + maxEntryBytes);
        }
        try (InputStream in = new BoundedEntryStream(zip.getInputStream(entry), entry.getName(),
                entry.getCompressedSize(), limits.maxCompressionRatio(), expanded, limits.maxUncompressedBytes())) {
            byte[] bytes = in.readNBytes(maxEntryBytes);
            if (in.read() >= 0) {
                throw new InvalidDatasetException(413, entry.getName(), "holds more than " + maxEntryBytes
                        + " bytes, the most one file may hold");
            }
            return bytes;
        } catch (InvalidDatasetException e) {
            throw e;
        } catch (IOException e) {
            throw new InvalidDatasetException(entry.getName(), "corrupt archive entry: " + e.getMessage());
        }
    }
}
