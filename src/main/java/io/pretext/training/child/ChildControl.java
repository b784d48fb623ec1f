package io.pretext.training.child;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import io.pretext.training.ExitCodes;

/**
 * The child's side of the supervisor's control channel, its stdin: {@code stop} (cancel),
 * {@code release} (checkpoint and hand the job back), and end-of-file, which means the supervisor
 * died, so the child halts at once rather than outlive it. Thread-safe.
 */
public final class ChildControl {

    public enum Request { NONE, STOP, RELEASE }

    private volatile Request request = Request.NONE;

    /** Starts a daemon thread reading {@code in}. */
    public static ChildControl watch(InputStream in) {
        ChildControl control = new ChildControl();
        Thread thread = new Thread(() -> control.read(in), "supervisor-watch");
        thread.setDaemon(true);
        thread.start();
        return control;
    }

    public Request request() {
        return request;
    }

    private void read(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                switch (line.trim()) {
                    case "stop" -> request = Request.STOP;
                    case "release" -> request = Request.RELEASE;
                    default -> { }
                }
            }
        } catch (IOException e) {
            // A broken pipe is the same news as end-of-file.
        }
        Runtime.getRuntime().halt(ExitCodes.ORPHANED);
    }
}
