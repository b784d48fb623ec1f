package io.pretext.job;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.pretext.training.ArtifactLayout;
import io.pretext.training.ChildEvent;
import io.pretext.training.ChildEventCodec;
import io.pretext.training.ExitCodes;
import io.pretext.training.JobPayload;
import io.pretext.training.TrainingRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of one claimed job in a child JVM: start it, record what it reports, renew the lease
 * while it runs, relay cancel requests, and report how it ended to the queue. Not thread-safe: one
 * slot thread drives it; {@link #release()} may be called from a shutdown thread.
 */
final class ChildRun {

    private static final Logger log = LoggerFactory.getLogger(ChildRun.class);

    private final ClaimedJob job;
    private final String workerId;
    private final WorkerContext context;
    private volatile int keepLatest = 1;
    private volatile Process process;
    private volatile String device;

    /** @param claimedAt at or before the moment the job's lease was taken */
    ChildRun(ClaimedJob job, String workerId, WorkerContext context, java.time.Instant claimedAt) {
        this.job = job;
        this.workerId = workerId;
        this.context = context;
    }

    /** Runs the attempt to its end; never throws. */
    void run(String device) {
        this.device = device;
        long start = System.nanoTime();
        context.metrics().started(device);
        String outcome = "error";
        try {
            outcome = attempt(device);
        } finally {
            context.metrics().finished(device, job.kind(), outcome, java.time.Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private String attempt(String device) {
        Path folder = context.dataDir().resolve("tmp").resolve("jobs").resolve(job.id().toString());
        Path logFile = folder.resolve("child-" + job.attempt() + ".log");
        JobPayload payload;
        try {
            payload = JobPayload.parse(job.payload());
        } catch (IllegalArgumentException e) {
            // No attempt can run a payload that names no dataset or epochs: fail now, not by lease expiry.
            context.queue().failPermanently(job.id(), workerId, e.getMessage());
            return "failed";
        }
        keepLatest = payload.checkpoint().keepLatest();
        try {
            Files.createDirectories(folder);
            Path requestFile = folder.resolve("request-" + job.attempt() + ".json");
            Files.writeString(requestFile, context.json().writeValueAsString(request(payload)));
            process = context.launcher().start(requestFile, device, logFile, job.id());
            Thread reader = new Thread(this::readEvents, "child-events-" + job.id());
            reader.setDaemon(true);
            reader.start();
            superviseUntilExit();
            reader.join(TimeUnit.SECONDS.toMillis(10));
            return report(process.exitValue(), logFile);
        } catch (Exception e) {
            log.error("Job {} attempt {} could not run", job.id(), job.attempt(), e);
            if (process != null) {
                process.destroyForcibly();
            }
            context.queue().fail(job.id(), workerId, "worker error: " + e);
            return "error";
        }
    }

    /** Asks the child to stop and give the job back (graceful shutdown). */
    void release() {
        sendToChild("release");
    }

    private TrainingRequest request(JobPayload payload) {
        var resume = context.progress().latest(job.id());
        // Finetuning starts from the pretrained encoder's last state; evaluation takes the best model.
        String input = null;
        if (payload.encoderFromJob() != null) {
            input = context.progress().latest(payload.encoderFromJob())
                    .map(JobProgress.Checkpoint::prefix).orElse(null);
        } else if (payload.modelFromJob() != null) {
            input = context.progress().best(payload.modelFromJob())
                    .map(JobProgress.Checkpoint::prefix).orElse(null);
        }
        return new TrainingRequest(job.id(), job.attempt(), job.kind(), job.payload(), context.storage(),
                context.dataDir().toString(), ArtifactLayout.checkpoints(job.id()),
                resume.map(JobProgress.Checkpoint::prefix).orElse(null),
                resume.map(JobProgress.Checkpoint::epoch).orElse(0), input, context.codeVersion());
    }

    private void superviseUntilExit() throws InterruptedException {
        long interval = context.worker().heartbeatInterval().toMillis();
        while (!process.waitFor(interval, TimeUnit.MILLISECONDS)) {
            switch (context.metrics().timed("heartbeat", () -> context.queue().heartbeat(job.id(), workerId))) {
                case CANCEL_REQUESTED -> sendToChild("stop");
                case LEASE_LOST -> {
                    log.warn("Job {} lost its lease; stopping its child", job.id());
                    process.destroyForcibly();
                }
                case RENEWED -> { }
            }
        }
    }

    private void readEvents() {
        try (BufferedReader events = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = events.readLine()) != null) {
                read(line);
            }
        } catch (IOException | RuntimeException e) {
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
        event.ifPresentOrElse(this::handle, () -> log.debug("Job {}: ignoring unknown event {}", job.id(), line));
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

    /** Tells the queue how the attempt ended; returns the outcome's name for metrics. */
    private String report(int exitCode, Path logFile) {
        switch (exitCode) {
            case ExitCodes.DONE -> context.queue().succeed(job.id(), workerId);
            case ExitCodes.CANCELLED -> context.queue().cancelled(job.id(), workerId);
            case ExitCodes.RELEASED -> context.queue().release(job.id(), workerId);
            case ExitCodes.PERMANENT_FAILURE -> context.queue().failPermanently(job.id(), workerId, lastLines(logFile));
            default -> context.queue().fail(job.id(), workerId,
                    "child exited with " + exitCode + ": " + lastLines(logFile));
        }
        return switch (exitCode) {
            case ExitCodes.DONE -> "succeeded";
            case ExitCodes.CANCELLED -> "cancelled";
            case ExitCodes.RELEASED -> "released";
            default -> "failed";
        };
    }

    private void sendToChild(String command) {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        try {
            OutputStream stdin = p.getOutputStream();
            stdin.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            log.warn("Job {}: could not send '{}' to its child: {}", job.id(), command, e.toString());
        }
    }

    private static String lastLines(Path logFile) {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no child log: " + e.getMessage() + ")";
        }
    }
}
