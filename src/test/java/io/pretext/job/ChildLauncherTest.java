package io.pretext.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a training child is started with: a fixed heap and capped glibc arenas (issue 18, item 6), a
 * share of the cores for PyTorch's threads, and the malloc library it is preloaded with.
 */
class ChildLauncherTest {

    private static final UUID JOB = UUID.fromString("00000000-0000-0000-0000-000000000042");

    @Test
    void the_child_gets_a_fixed_heap_and_capped_malloc_arenas() {
        ProcessBuilder child = new ChildLauncher(worker("3g", false, 2)).processBuilder(Path.of("/tmp/request.json"), "cpu",
                JOB);

        assertThat(child.command()).contains("-Xms3g", "-Xmx3g", "-Dpretext.job=" + JOB)
                .doesNotContain("-XX:+AlwaysPreTouch").endsWith("/tmp/request.json");
        assertThat(child.command().indexOf("-Xms3g")).as("JVM options come before the main class")
                .isLessThan(child.command().indexOf("io.pretext.training.ChildMain"));
        assertThat(child.environment()).containsEntry("MALLOC_ARENA_MAX", "2")
                .containsEntry("CUDA_VISIBLE_DEVICES", "");
    }

    @Test
    void pre_touch_and_other_settings_reach_the_child_and_zero_arenas_leaves_glibc_alone() {
        ProcessBuilder child = new ChildLauncher(worker("768m", true, 0)).processBuilder(Path.of("r.json"), "1",
                JOB);

        assertThat(child.command()).contains("-Xms768m", "-Xmx768m", "-XX:+AlwaysPreTouch");
        assertThat(child.environment().get("MALLOC_ARENA_MAX")).isEqualTo(System.getenv("MALLOC_ARENA_MAX"));
        assertThat(child.environment()).containsEntry("CUDA_VISIBLE_DEVICES", "1");
    }

    @Test
    void a_preloaded_allocator_comes_first_in_ld_preload_and_lets_text_training_batch_by_length(
            @TempDir Path folder) throws IOException {
        Path library = Files.createFile(folder.resolve("libjemalloc.so.2"));
        WorkerProperties jemalloc = new WorkerProperties(List.of("cpu"), "1g", false, 2, library.toString(), 0,
                Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(30));

        ProcessBuilder child = new ChildLauncher(jemalloc).processBuilder(Path.of("r.json"), "cpu", JOB);
        ProcessBuilder plain = new ChildLauncher(worker("1g", false, 2)).processBuilder(Path.of("r.json"), "cpu", JOB);

        assertThat(child.environment().get("LD_PRELOAD")).startsWith(library.toString());
        assertThat(child.environment().get("MALLOC_CONF")).as("jemalloc keeps freed pages unless the operator says")
                .isEqualTo(System.getenv().getOrDefault("MALLOC_CONF", ChildLauncher.JEMALLOC_CONF));
        assertThat(child.command()).contains("-Dpretext.textBatchesByLength=true");
        assertThat(plain.environment().get("LD_PRELOAD")).isEqualTo(System.getenv("LD_PRELOAD"));
        assertThat(plain.environment().get("MALLOC_CONF")).isEqualTo(System.getenv("MALLOC_CONF"));
        assertThat(plain.command()).contains("-Dpretext.textBatchesByLength=false");
    }

    @Test
    void auto_takes_the_first_installed_library_system_none_and_a_missing_path_is_refused(@TempDir Path folder)
            throws IOException {
        Path missing = folder.resolve("a/libjemalloc.so.2");
        Path installed = Files.createFile(folder.resolve("libjemalloc.so.2"));

        assertThat(ChildAllocator.resolve("auto", List.of(missing, installed))).contains(installed);
        assertThat(ChildAllocator.resolve("auto", List.of(missing))).isEmpty();
        assertThat(ChildAllocator.resolve("system", List.of(installed))).isEmpty();
        assertThatThrownBy(() -> ChildAllocator.resolve(missing.toString(), List.of(installed)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("child-allocator")
                .hasMessageContaining(missing.toString());
    }

    @Test
    void children_share_the_cores_among_the_slots_unless_a_thread_count_is_set() {
        assertThat(threadSettings(new ChildLauncher(worker(List.of("cpu", "cpu"), 0), 8)))
                .as("8 cores, 2 slots").containsExactly("4", "4", "-Dai.djl.pytorch.num_threads=4",
                        "-Dai.djl.pytorch.num_interop_threads=4");
        assertThat(threadSettings(new ChildLauncher(worker(List.of("cpu", "cpu", "cpu"), 0), 2)))
                .as("more slots than cores: one thread each").startsWith("1", "1");
        assertThat(threadSettings(new ChildLauncher(worker(List.of("cpu"), 0), 2))).as("one slot: every core")
                .startsWith("2", "2");
        assertThat(threadSettings(new ChildLauncher(worker(List.of("cpu", "cpu"), 3), 2))).as("set explicitly")
                .startsWith("3", "3");
    }

    /** OMP_NUM_THREADS, MKL_NUM_THREADS, then the DJL properties on the child's command line. */
    private static List<String> threadSettings(ChildLauncher launcher) {
        ProcessBuilder child = launcher.processBuilder(Path.of("r.json"), "cpu", JOB);
        return List.of(child.environment().get("OMP_NUM_THREADS"), child.environment().get("MKL_NUM_THREADS"),
                child.command().stream().filter(a -> a.startsWith("-Dai.djl.pytorch.num_threads=")).findFirst()
                        .orElse("missing"),
                child.command().stream().filter(a -> a.startsWith("-Dai.djl.pytorch.num_interop_threads="))
                        .findFirst().orElse("missing"));
    }

    private static WorkerProperties worker(String heap, boolean preTouch, int arenas) {
        return new WorkerProperties(List.of("cpu"), heap, preTouch, arenas, "system", 0, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(30));
    }

    private static WorkerProperties worker(List<String> devices, int threads) {
        return new WorkerProperties(devices, "1g", false, 2, "system", threads, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(30));
    }
}
