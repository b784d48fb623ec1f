package io.pretext.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Which malloc library a training child is preloaded with ({@link WorkerProperties#childAllocator()}):
 * jemalloc, where it is installed, gives back the memory of tensors whose shapes change from step to
 * step; glibc's malloc keeps it (+2.5 MB of resident memory per MLM step with length-cut text
 * batches, bench/RESULTS.md). Stateless.
 */
final class ChildAllocator {

    /** Where Debian, Ubuntu, Fedora and source builds put jemalloc, for {@code auto}. */
    static final List<Path> JEMALLOC = List.of(Path.of("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"),
            Path.of("/usr/lib/aarch64-linux-gnu/libjemalloc.so.2"), Path.of("/usr/lib64/libjemalloc.so.2"),
            Path.of("/usr/lib/libjemalloc.so.2"), Path.of("/usr/local/lib/libjemalloc.so.2"));

    private ChildAllocator() {
    }

    /**
     * The library to preload, or empty for the system's malloc.
     *
     * @param setting {@code auto} (the first of {@code candidates} that exists), {@code system}, or a
     *     library's path
     * @throws IllegalArgumentException when the setting names a file that does not exist
     */
    static Optional<Path> resolve(String setting, List<Path> candidates) {
        String value = setting == null ? "auto" : setting.trim();
        if (value.isEmpty() || "auto".equals(value)) {
            return candidates.stream().filter(Files::isRegularFile).findFirst();
        }
        if ("system".equals(value)) {
            return Optional.empty();
        }
        Path library = Path.of(value);
        if (!Files.isRegularFile(library)) {
            throw new IllegalArgumentException("pretext.worker.child-allocator: no such library: " + value
                    + " (use auto, system or the path of a malloc library such as libjemalloc.so.2)");
        }
        return Optional.of(library);
    }
}
