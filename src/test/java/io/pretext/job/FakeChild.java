package io.pretext.job;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A child process for unit tests: it lives for a given number of waits, each of which moves a
 * {@link MutableClock} on by the time waited instead of sleeping, then exits with a given code; it
 * records what the supervisor writes to its stdin. Killing it makes it exit at once with 137, as
 * SIGKILL would; by default it ignores every command. Thread-safe.
 */
final class FakeChild extends Process {

    private final MutableClock clock;
    private final int exitCode;
    private final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
    private volatile int waitsLeft;
    private volatile boolean killed;

    FakeChild(MutableClock clock, int waits, int exitCode) {
        this.clock = clock;
        this.waitsLeft = waits;
        this.exitCode = exitCode;
    }

    boolean killed() {
        return killed;
    }

    /** What the supervisor sent, one command a line. */
    String commands() {
        synchronized (stdin) {
            return stdin.toString(StandardCharsets.UTF_8);
        }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) {
        if (!isAlive()) {
            return true;
        }
        waitsLeft--;
        clock.advance(Duration.ofNanos(unit.toNanos(timeout)));
        return false;
    }

    @Override
    public int waitFor() {
        while (isAlive()) {
            waitFor(1, TimeUnit.SECONDS);
        }
        return exitValue();
    }

    @Override
    public int exitValue() {
        if (isAlive()) {
            throw new IllegalThreadStateException("still running");
        }
        return killed ? 137 : exitCode;
    }

    @Override
    public boolean isAlive() {
        return !killed && waitsLeft > 0;
    }

    @Override
    public void destroy() {
        killed = true;
    }

    @Override
    public OutputStream getOutputStream() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (stdin) {
                    stdin.write(b);
                }
            }
        };
    }

    @Override
    public InputStream getInputStream() {
        return new ByteArrayInputStream(new byte[0]);
    }

    @Override
    public InputStream getErrorStream() {
        return new ByteArrayInputStream(new byte[0]);
    }
}
