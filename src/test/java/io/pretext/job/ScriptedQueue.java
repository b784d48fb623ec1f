package io.pretext.job;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A job queue for unit tests: heartbeats answer from a script (a result, or a supplier that may
 * throw or block; {@code RENEWED} once the script is used up), and how attempts end is recorded
 * instead of written. Thread-safe.
 */
final class ScriptedQueue extends JobQueue {

    private final Deque<Supplier<HeartbeatResult>> heartbeats = new ArrayDeque<>();
    private final List<String> outcomes = Collections.synchronizedList(new ArrayList<>());
    private volatile int heartbeatCalls;

    ScriptedQueue(Clock clock, LeasePolicy policy) {
        super(null, clock, policy, null, event -> { });
    }

    synchronized ScriptedQueue then(int times, Supplier<HeartbeatResult> heartbeat) {
        for (int i = 0; i < times; i++) {
            heartbeats.add(heartbeat);
        }
        return this;
    }

    /** How attempts ended, e.g. {@code succeed}, {@code release}, {@code fail: <error>}. */
    List<String> outcomes() {
        return List.copyOf(outcomes);
    }

    int heartbeatCalls() {
        return heartbeatCalls;
    }

    @Override
    public HeartbeatResult heartbeat(UUID jobId, String workerId) {
        Supplier<HeartbeatResult> next;
        synchronized (this) {
            heartbeatCalls++;
            next = heartbeats.poll();
        }
        return next == null ? HeartbeatResult.RENEWED : next.get();
    }

    @Override
    public boolean succeed(UUID jobId, String workerId) {
        outcomes.add("succeed");
        return true;
    }

    @Override
    public boolean cancelled(UUID jobId, String workerId) {
        outcomes.add("cancelled");
        return true;
    }

    @Override
    public boolean fail(UUID jobId, String workerId, String error) {
        outcomes.add("fail: " + error);
        return true;
    }

    @Override
    public boolean failPermanently(UUID jobId, String workerId, String error) {
        outcomes.add("failPermanently: " + error);
        return true;
    }

    @Override
    public boolean release(UUID jobId, String workerId) {
        outcomes.add("release");
        return true;
    }
}
