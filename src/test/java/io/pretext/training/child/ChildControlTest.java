package io.pretext.training.child;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.pretext.training.ExitCodes;
import org.junit.jupiter.api.Test;

/** A child JVM must not outlive its supervisor: closing its stdin ends it. */
class ChildControlTest {

    /** Stands in for a training child: watches stdin, then would work for a minute. */
    public static final class Sleeper {
        public static void main(String[] args) throws Exception {
            ChildControl.watch(System.in);
            Thread.sleep(60_000);
            System.exit(0);
        }
    }

    @Test
    void a_child_halts_when_its_supervisor_closes_the_pipe() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Sleeper.class.getName()).start();
        Thread.sleep(500);
        assertThat(child.isAlive()).isTrue();

        child.getOutputStream().close();

        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(ExitCodes.ORPHANED);
    }
}
