package io.pretext.training.child;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.pretext.training.ExitCodes;
import org.junit.jupiter.api.Test;

/** A child JVM must not outlive its supervisor: closing its stdin ends it. */
class ChildControlTest {

    /**
     * Stands in for a training child: watches stdin and says so, says when it has been asked to
     * stop (or gives up after a minute), then would work for a minute.
     */
    public static final class Sleeper {
        public static void main(String[] args) throws Exception {
            ChildControl control = ChildControl.watch(System.in);
            System.out.println("watching");
            System.out.flush();
            for (int i = 0; i < 6_000 && control.request() != ChildControl.Request.STOP; i++) {
                Thread.sleep(10);
            }
            System.out.println(control.request());
            System.out.flush();
            Thread.sleep(60_000);
            System.exit(0);
        }
    }

    @Test
    void a_child_halts_when_its_supervisor_closes_the_pipe() throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Sleeper.class.getName()).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8));
        Writer supervisor = new OutputStreamWriter(child.getOutputStream(), UTF_8);
        // The child's own word that it watches its stdin, however long its JVM took to start.
        assertThat(out.readLine()).isEqualTo("watching");
        supervisor.write("stop\n");
        supervisor.flush();
        assertThat(out.readLine()).as("the child read the open pipe").isEqualTo("STOP");
        assertThat(child.isAlive()).isTrue();

        supervisor.close();

        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isEqualTo(ExitCodes.ORPHANED);
    }
}
