package io.pretext.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildLogTailTest {

    @TempDir
    Path dir;

    @Test
    void a_missing_or_empty_log_has_no_lines() throws Exception {
        assertThat(ChildLogTail.read(dir.resolve("none.log"))).isEmpty();
        assertThat(ChildLogTail.read(Files.writeString(dir.resolve("empty.log"), ""))).isEmpty();
    }

    @Test
    void the_last_hundred_lines_are_kept_in_order() throws Exception {
        String text = IntStream.rangeClosed(1, 250).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n"));

        List<String> tail = ChildLogTail.read(Files.writeString(dir.resolve("child-1.log"), text));

        assertThat(tail).hasSize(ChildLogTail.MAX_LINES).startsWith("line 151").endsWith("line 250");
    }

    @Test
    void a_huge_log_is_read_from_its_end_only_and_the_cut_line_is_dropped() throws Exception {
        String huge = "x".repeat(3 * ChildLogTail.MAX_BYTES) + "\nFAILED: out of memory\nexit";

        List<String> tail = ChildLogTail.read(Files.writeString(dir.resolve("child-2.log"), huge));

        assertThat(tail).containsExactly("FAILED: out of memory", "exit");
    }
}
