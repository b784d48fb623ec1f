package io.pretext.job;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Renews one running job's lease, by db-scheduler's rule: a heartbeat that fails (the database is
 * briefly gone) is counted and ridden out while the lease still holds, that is while the last
 * successful renewal plus the lease duration is after now on the injected clock; only then is the
 * child to stop, because from then on another worker may have claimed the job. A heartbeat runs on
 * a thread of its own, so one that hangs (waiting for a connection) cannot keep the child running
 * past the lease. Not thread-safe: one slot thread calls {@link #beat()}.
 */
final class LeaseKeeper implements AutoCloseable {

    /** What the child should do after a heartbeat. */
    enum Next { KEEP_RUNNING, CANCEL, STOP }

    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final UUID jobId;
    private final String workerId;
    private final WorkerContext context;
    private final ExecutorService caller;
    private Instant renewedAt;
    private int failures;
    private String stopReason;

    /** @param takenAt at or before the moment the lease was taken */
    LeaseKeeper(UUID jobId, String workerId, WorkerContext context, Instant takenAt) {
        this.jobId = jobId;
        this.workerId = workerId;
        this.context = context;
        this.renewedAt = takenAt;
        this.caller = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "heartbeat-" + jobId);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Renews the lease once; blocks at most until the heartbeat answers or the lease runs out. */
    Next beat() throws InterruptedException {
        Instant asked = context.clock().instant();
        Future<HeartbeatResult> call = caller.submit(() -> context.metrics().timed("heartbeat",
                () -> context.queue().heartbeat(jobId, workerId)));
        long slice = Math.max(1, context.worker().heartbeatInterval().toMillis());
        while (true) {
            try {
                return answered(call.get(slice, TimeUnit.MILLISECONDS), asked);
            } catch (ExecutionException e) {
                return failed(e.getCause());
            } catch (TimeoutException e) {
                if (!holds()) {
                    call.cancel(true);
                    return failed(new TimeoutException("heartbeat still waiting for the database"));
                }
            }
        }
    }

    /** Why the child had to stop, for the job's error; null unless {@link #beat()} said STOP. */
    String stopReason() {
        return stopReason;
    }

    private Next answered(HeartbeatResult result, Instant asked) {
        if (result == HeartbeatResult.LEASE_LOST) {
            // How long since the last renewal tells a starved slot thread (late beats) from a clock or
            // database problem (beats on time, lease gone anyway).
            long sinceRenewal = java.time.Duration.between(renewedAt, asked).toMillis();
            stopReason = "lease lost: the job was taken from worker " + workerId + " (last renewed "
                    + sinceRenewal + " ms before this heartbeat)";
            log.warn("Job {} lost its lease, last renewed {} ms before this heartbeat; stopping its child", jobId,
                    sinceRenewal);
            return Next.STOP;
        }
        // The database stamped the renewal at or after 'asked', so the lease holds at least that long.
        renewedAt = asked;
        if (failures > 0) {
            log.info("Job {}: heartbeats recovered after {} failure(s)", jobId, failures);
            failures = 0;
        }
        return result == HeartbeatResult.CANCEL_REQUESTED ? Next.CANCEL : Next.KEEP_RUNNING;
    }

    private Next failed(Throwable cause) {
        failures++;
        context.metrics().heartbeatFailed();
        Instant expiry = context.lease().leaseExpiry(renewedAt);
        if (holds()) {
            log.warn("Job {}: heartbeat failed ({} in a row); its lease holds until {}, so it keeps running: {}",
                    jobId, failures, expiry, cause.toString());
            return Next.KEEP_RUNNING;
        }
        stopReason = "lease expired at " + expiry + ": " + failures + " heartbeat(s) in a row failed, the last with "
                + cause;
        log.warn("Job {}: {}; stopping its child, since another worker may own the job now", jobId, stopReason);
        return Next.STOP;
    }

    private boolean holds() {
        return context.lease().holds(renewedAt, context.clock().instant());
    }

    @Override
    public void close() {
        caller.shutdownNow();
    }
}
