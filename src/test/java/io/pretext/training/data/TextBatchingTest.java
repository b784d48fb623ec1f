package io.pretext.training.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text batches go by length only where jemalloc is really loaded, whatever the worker asked for:
 * checked on memory maps, and on real JVMs started with and without the preload.
 */
class TextBatchingTest {

    @Test
    void a_memory_map_with_jemalloc_is_recognised_and_one_without_or_unreadable_is_not(@TempDir Path folder)
            throws IOException {
        Path with = Files.writeString(folder.resolve("with"), """
                7f2a1c000000-7f2a1c021000 r-xp 00000000 08:01 1234 /usr/lib/x86_64-linux-gnu/libjemalloc.so.2
                7f2a1d000000-7f2a1d100000 r-xp 00000000 08:01 1235 /usr/lib/x86_64-linux-gnu/libc.so.6
                """);
        Path without = Files.writeString(folder.resolve("without"), """
                7f2a1d000000-7f2a1d100000 r-xp 00000000 08:01 1235 /usr/lib/x86_64-linux-gnu/libc.so.6
                """);

        assertThat(TextBatching.jemallocMapped(with)).isTrue();
        assertThat(TextBatching.jemallocMapped(without)).isFalse();
        assertThat(TextBatching.jemallocMapped(folder.resolve("missing"))).isFalse();
    }

    @Test
    void without_the_workers_request_batches_stay_fixed_width() {
        assertThat(System.getProperty(TextBatching.PROPERTY)).isNull();
        assertThat(TextBatching.byLength()).isFalse();
    }

    @Test
    void a_jvm_started_with_jemalloc_preloaded_batches_by_length_and_one_without_does_not() throws Exception {
        Optional<Path> jemalloc = Stream.of("/usr/lib/x86_64-linux-gnu/libjemalloc.so.2",
                "/usr/lib/aarch64-linux-gnu/libjemalloc.so.2").map(Path::of).filter(Files::isRegularFile).findFirst();
        assumeThat(jemalloc).as("libjemalloc2 is installed (.ci/run installs it)").isPresent();

        assertThat(childDecision(jemalloc.get().toString())).isEqualTo("true");
        assertThat(childDecision(null)).isEqualTo("false");
    }

    /** What {@link TextBatching#byLength()} says in a fresh JVM asked for batches by length. */
    private static String childDecision(String preload) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "-D" + TextBatching.PROPERTY + "=true", Probe.class.getName()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().remove("LD_PRELOAD");
        if (preload != null) {
            builder.environment().put("LD_PRELOAD", preload);
        }
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(process.waitFor()).as("probe JVM exit code").isZero();
        return out;
    }

    /** The probe JVM's main: prints the decision. */
    static final class Probe {
        public static void main(String[] args) {
            System.out.println(TextBatching.byLength());
        }
    }
}
