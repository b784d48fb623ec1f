package io.pretext.job;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import io.pretext.training.ChildEvent;
import io.pretext.training.ChildEventCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what one training child reports on its stdout, to the end: epoch metrics and checkpoints
 * are recorded, and checkpoints the job's policy no longer keeps are dropped. Runs on a thread of
 * its own; not thread-safe otherwise.
 */
final class ChildEvents implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(ChildEvents.class);

    private final ClaimedJob job;
    private final String device;
    private final int keepLatest;
    private final WorkerContext context;
    private final InputStream in;
    private final long[] backoffMillis;
    private volatile int unrecorded;
    private volatile double cpuSeconds = -1;

    ChildEvents(ClaimedJob job, String device, int keepLatest, WorkerContext context, InputStream in) {
        this(job, device, keepLatest, context, in, new long[] {500, 1000, 2000, 4000, 8000});
    }

    ChildEvents(ClaimedJob job, String device, int keepLatest, WorkerContext context, InputStream in,
            long[] backoffMillis) {
        this.job = job;
        this.device = device;
        this.keepLatest = keepLatest;
        this.context = context;
        this.in = in;
        this.backoffMillis = backoffMillis.clone();
    }

    /** Events the database never took (after retries): the attempt's record is incomplete. */
    int unrecorded() {
        return unrecorded;
    }

    /** The CPU seconds the child reported using as it exited; negative when it reported none. */
    double cpuSeconds() {
        return cpuSeconds;
    }

    @Override
    public void run() {
        try (BufferedReader events = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = events.readLine()) != null) {
                read(line);
            }
        } catch (IOException e) {
            log.warn("Job {}: stopped reading child output: {}", job.id(), e.toString());
        }
    }

    private void read(String line) {
        Optional<ChildEvent> event;
        try {
            event = ChildEventCodec.read(line);
        } catch (IllegalArgumentException e) {
            // Keep reading: a child blocks once its stdout pipe fills up.
            log.warn("Job {}: ignoring unreadable child output: {}", job.id(), e.getMessage());
            return;
        }
        event.ifPresentOrElse(this::recordOrShow, () -> log.debug("Job {}: ignoring unknown event {}", job.id(), line));
    }

    private void recordOrShow(ChildEvent event) {
        if (event instanceof ChildEvent.Progress progress) {
            // For people watching, not the job's record: one lost report is replaced by the next.
            try {
                context.progress().live(job.id(), job.attempt(), progress);
            } catch (RuntimeException e) {
                log.debug("Job {}: progress report not stored: {}", job.id(), e.toString());
            }
            return;
        }
        if (event instanceof ChildEvent.Usage usage) {
            // Billed by the supervisor once the child has exited, with what it measured itself.
            cpuSeconds = usage.cpuSeconds();
            return;
        }
        record(event);
    }

    private void record(ChildEvent event) {
        for (int retry = 0; ; retry++) {
            try {
                handle(event);
                return;
            } catch (RuntimeException e) {
                if (retry == backoffMillis.length) {
                    unrecorded++;
                    log.error("Job {}: could not record {} after {} retries: {}", job.id(),
                            event.getClass().getSimpleName(), retry, e.toString());
                    return;
                }
                log.warn("Job {}: recording {} failed, retrying: {}", job.id(), event.getClass().getSimpleName(),
                        e.toString());
                try {
                    Thread.sleep(backoffMillis[retry]);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    unrecorded++;
                    return;
                }
            }
        }
    }

    private void handle(ChildEvent event) {
        if (event instanceof ChildEvent.Epoch epoch) {
            context.progress().epoch(job.id(), job.attempt(), epoch.epoch(), epoch.metrics());
            context.metrics().epoch(device, epoch.metrics());
        } else if (event instanceof ChildEvent.Checkpoint checkpoint) {
            context.metrics().epoch(device, checkpoint.metrics());
            context.progress().checkpoint(job.id(), job.attempt(), checkpoint.epoch(), checkpoint.prefix(),
                    checkpoint.metrics());
            collectGarbage();
        } else if (event instanceof ChildEvent.Done done) {
            context.progress().epoch(job.id(), job.attempt(), 0, done.metrics());
        }
    }

    /** Drops checkpoints the policy no longer keeps: rows first, then their objects. */
    private void collectGarbage() {
        for (String prefix : context.progress().collectGarbage(job.id(), keepLatest)) {
            try {
                for (String key : context.store().list(prefix)) {
                    context.store().delete(key);
                }
            } catch (IOException e) {
                // The row is gone, so no resume will use these objects; they only take space.
                log.warn("Job {}: could not delete checkpoint objects under {}: {}", job.id(), prefix, e.toString());
            }
        }
    }
}
