package io.pretext.job;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.pretext.training.ChildMain;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Starts a training child JVM on this process's own classpath, bound to one device. From a
 * packaged Spring Boot jar, the child goes through Boot's {@code PropertiesLauncher} so that the
 * jar's nested libraries are found. Its heap is fixed, optionally pre-touched, and glibc's arenas
 * are capped ({@link WorkerProperties#childHeap()}, {@link WorkerProperties#childPreTouch()},
 * {@link WorkerProperties#childMallocArenas()}), so that its resident memory does not follow a
 * growing heap over a long training. Where jemalloc is installed it is preloaded
 * ({@link WorkerProperties#childAllocator()}) and the child told it may batch texts by length
 * ({@link ChildMain#TEXT_BATCHES_BY_LENGTH}). Its PyTorch computes with {@link #threads()} threads, so that
 * children sharing a machine's cores do not oversubscribe them. Thread-safe.
 */
@Component
class ChildLauncher {

    /** jemalloc settings for training children (Intel's recommendation for PyTorch on CPU). */
    static final String JEMALLOC_CONF = "oversize_threshold:1,background_thread:true,metadata_thp:auto,"
            + "dirty_decay_ms:9000000000,muzzy_decay_ms:9000000000";

    private final WorkerProperties worker;
    private final int cores;
    private final Optional<Path> allocator;
    private volatile int threads;

    @Autowired
    ChildLauncher(WorkerProperties worker) {
        this(worker, Runtime.getRuntime().availableProcessors());
    }

    ChildLauncher(WorkerProperties worker, int cores) {
        this.worker = worker;
        this.cores = cores;
        this.allocator = ChildAllocator.resolve(worker.childAllocator(), ChildAllocator.JEMALLOC);
    }

    /** {@link WorkerProperties#childThreads()}, or when 0 the cores divided among the slots (at least 1). */
    int threads() {
        if (threads == 0) {
            threads = worker.childThreads() > 0 ? worker.childThreads()
                    : Math.max(1, cores / Devices.expand(worker.devices()).size());
        }
        return threads;
    }

    Process start(Path requestFile, String device, Path logFile, UUID jobId) throws IOException {
        return processBuilder(requestFile, device, jobId)
                .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
    }

    /** The child's command line and environment, not yet started. */
    ProcessBuilder processBuilder(Path requestFile, String device, UUID jobId) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // First, so that ps and /proc show which job a child runs before the long classpath.
        command.add("-Dpretext.job=" + jobId);
        // A fixed heap: resident memory then stops growing once the working set is reached.
        command.add("-Xms" + worker.childHeap());
        command.add("-Xmx" + worker.childHeap());
        if (worker.childPreTouch()) {
            command.add("-XX:+AlwaysPreTouch");
        }
        command.add("-Dai.djl.offline=true");
        String threadCount = Integer.toString(threads());
        command.add("-Dai.djl.pytorch.num_threads=" + threadCount);
        command.add("-Dai.djl.pytorch.num_interop_threads=" + threadCount);
        command.add("-Dpretext.progressMillis=" + worker.heartbeatInterval().toMillis());
        command.add("-D" + ChildMain.TEXT_BATCHES_BY_LENGTH + "=" + allocator.isPresent());
        String classpath = System.getProperty("java.class.path");
        if (isBootJar(classpath)) {
            command.addAll(List.of("-cp", classpath, "-Dloader.main=" + ChildMain.class.getName(),
                    "org.springframework.boot.loader.launch.PropertiesLauncher"));
        } else {
            command.addAll(List.of("-cp", classpath, ChildMain.class.getName()));
        }
        command.add(requestFile.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("CUDA_VISIBLE_DEVICES", "cpu".equals(device) ? "" : device);
        builder.environment().put("OMP_NUM_THREADS", threadCount);
        builder.environment().put("MKL_NUM_THREADS", threadCount);
        if (worker.childMallocArenas() > 0) {
            builder.environment().put("MALLOC_ARENA_MAX", Integer.toString(worker.childMallocArenas()));
        }
        allocator.ifPresent(library -> {
            String preloaded = builder.environment().get("LD_PRELOAD");
            builder.environment().put("LD_PRELOAD",
                    preloaded == null || preloaded.isBlank() ? library.toString() : library + ":" + preloaded);
            // jemalloc's default decay hands freed pages back to the kernel, and PyTorch frees and
            // re-takes its large buffers every step: image training ran at half speed. Intel's
            // PyTorch tuning settings keep them (bench/RESULTS.md); an operator's own MALLOC_CONF wins.
            builder.environment().putIfAbsent("MALLOC_CONF", JEMALLOC_CONF);
        });
        return builder;
    }

    private static boolean isBootJar(String classpath) {
        return !classpath.contains(File.pathSeparator) && classpath.endsWith(".jar");
    }
}
