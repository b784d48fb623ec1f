package io.pretext.training.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether this training child batches texts by length ({@link TextData#byLength()}): only when the
 * worker asked for it (system property {@code pretext.textBatchesByLength}, set where it preloads
 * jemalloc) and jemalloc is really mapped into this process. A preload the dynamic loader rejected
 * (a library for another architecture, not a shared object) leaves the child on glibc's malloc,
 * whose resident memory would grow by megabytes per step with batches of changing shapes; then the
 * batches stay fixed-width. Stateless; thread-safe.
 */
public final class TextBatching {

    /** The system property the worker sets ({@code true} or {@code false}, default false). */
    public static final String PROPERTY = "pretext.textBatchesByLength";

    private TextBatching() {
    }

    /** Decides for this process, and says so on stderr (the job's log) when asked for by length. */
    public static boolean byLength() {
        if (!Boolean.getBoolean(PROPERTY)) {
            return false;
        }
        boolean loaded = jemallocMapped(Path.of("/proc/self/maps"));
        System.err.println(loaded ? "Text batches: grouped and cut by length (jemalloc is loaded)"
                : "Text batches: fixed width; by length was asked for but jemalloc is not loaded in this process");
        return loaded;
    }

    /** Whether the memory map (a {@code /proc/PID/maps} file) names a jemalloc library. */
    static boolean jemallocMapped(Path maps) {
        try {
            return Files.readString(maps).contains("libjemalloc");
        } catch (IOException e) {
            return false;
        }
    }
}
