package io.pretext.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** What a training child is started with: a fixed heap and capped glibc arenas (issue 18, item 6). */
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

    private static WorkerProperties worker(String heap, boolean preTouch, int arenas) {
        return new WorkerProperties(List.of("cpu"), heap, preTouch, arenas, Duration.ofSeconds(1), Duration.ofSeconds(5),
                Duration.ofSeconds(30));
    }
}
