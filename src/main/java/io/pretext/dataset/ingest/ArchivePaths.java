package io.pretext.dataset.ingest;

import java.util.Locale;
import java.util.Set;

/** Checks on names of archive entries, shared by the zip and tar readers. Stateless. */
public final class ArchivePaths {

    private static final Set<String> ARCHIVE_SUFFIXES = Set.of(".zip", ".tar", ".gz", ".tgz", ".bz2", ".xz", ".7z",
            ".rar", ".jar", ".zst");

    private ArchivePaths() {
    }

    /**
     * @throws InvalidDatasetException when the name is absolute or climbs out of the archive
     */
    static void requireSafe(String name) {
        if (name.startsWith("/") || name.contains("\\") || name.matches("^[A-Za-z]:.*") || name.contains("\0")) {
            throw new InvalidDatasetException(name, "absolute or platform-specific path; entries must be relative");
        }
        for (String segment : name.split("/")) {
            if (segment.equals("..")) {
                throw new InvalidDatasetException(name, "path traversal ('..') escapes the archive");
            }
        }
    }

    static boolean isArchiveName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return ARCHIVE_SUFFIXES.stream().anyMatch(lower::endsWith);
    }

    /** macOS and editor debris that zip tools add; skipped rather than rejected. */
    public static boolean isIgnorable(String name) {
        String last = name.substring(name.lastIndexOf('/') + 1);
        return name.startsWith("__MACOSX/") || last.startsWith(".") || last.equals("Thumbs.db");
    }
}
