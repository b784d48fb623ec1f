package io.pretext.job;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.pretext.training.ArtifactLayout;
import io.pretext.training.ExitCodes;
import io.pretext.training.JobPayload;
import io.pretext.training.TrainingRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of one claimed job in a child JVM: start it, record what it reports, renew the lease
 * while it runs, relay cancel requests, and report how it ended to the queue. Not thread-safe: one
 * slot thread drives it; {@link #release()} and {@link #kill()} may be called from a shutdown thread.
 */
final class ChildRun {

    private static final Logger log = LoggerFactory.getLogger(ChildRun.class);
    /**
     * Heartbeats, and at least {@link #MIN_CANCEL_GRACE}, a child gets to stop after a cancel request
     * before it is killed: a training loop stops at its next step (a slow one, or one in a kNN pass, takes
     * seconds), but a PIXELS fit or a linear probe's solver never reads its stdin.
     */
    static final int CANCEL_GRACE_BEATS = 3;
    static final Duration MIN_CANCEL_GRACE = Duration.ofSeconds(10);

    private final ClaimedJob job;
    private final String workerId;
    private final WorkerContext context;
    private final Instant claimedAt;
    private volatile Process process;
    private volatile boolean releaseRequested;
    private volatile boolean killed;
    private volatile String stopReason;
    /** When a child asked to stop is killed; null until a cancel request arrives. */
    private Instant cancelDeadline;
    private volatile boolean cancelForced;
    private double cpuSecondsSeen;
    private List<String> lastLogTail = List.of();

    /** @param claimedAt at or before the moment the job's lease was taken */
    ChildRun(ClaimedJob job, String workerId, WorkerContext context, Instant claimedAt) {
        this.job = job;
        this.workerId = workerId;
        this.context = context;
        this.claimedAt = claimedAt;
    }

    /** Runs the attempt to its end; never throws. */
    void run(String device) {
        long start = System.nanoTime();
        context.metrics().started(device);
        String outcome = "error";
        try {
            outcome = attempt(device);
        } finally {
            context.metrics().finished(device, job.kind(), outcome, Duration.ofNanos(System.nanoTime() - start));
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
        if (releaseRequested) {
            // Claimed as the worker began to stop: give it back untouched.
            context.queue().release(job.id(), workerId);
            return "released";
        }
        try {
            Files.createDirectories(folder);
            Path requestFile = folder.resolve("request-" + job.attempt() + ".json");
            Files.writeString(requestFile, context.json().writeValueAsString(request(payload)));
            process = context.launcher().start(requestFile, device, logFile, job.id());
            if (killed) {
                process.destroyForcibly();
            } else if (releaseRequested) {
                sendToChild("release");
            }
            ChildEvents events = new ChildEvents(job, device, payload.checkpoint().keepLatest(), context,
                    process.getInputStream());
            Thread reader = new Thread(events, "child-events-" + job.id());
            reader.setDaemon(true);
            reader.start();
            try {
                superviseUntilExit(logFile);
                reader.join(TimeUnit.SECONDS.toMillis(30));
            } finally {
                // Even when supervision is interrupted (shutdown), the CPU the child used was spent.
                billCpu(events.cpuSeconds());
                storeLogTail(logFile);
            }
            if (events.unrecorded() > 0 && process.exitValue() == ExitCodes.DONE && !killed && stopReason == null) {
                // Succeeding would leave checkpoints unrecorded for resumes, finetunes and evaluation.
                context.queue().fail(job.id(), workerId, events.unrecorded()
                        + " progress event(s) could not be recorded (database unavailable); retrying");
                return "failed";
            }
            return report(process.exitValue(), logFile);
        } catch (Exception e) {
            log.error("Job {} attempt {} could not run", job.id(), job.attempt(), e);
            if (process != null) {
                process.destroyForcibly();
            }
            try {
                context.queue().fail(job.id(), workerId, "worker error: " + e);
            } catch (RuntimeException unrecorded) {
                // The database is gone too: the lease runs out and a reaper requeues the job.
                log.warn("Job {}: could not record the failure: {}", job.id(), unrecorded.toString());
            }
            return "error";
        }
    }

    /** Asks the child to stop and give the job back (graceful shutdown); callable from any thread. */
    void release() {
        releaseRequested = true;
        sendToChild("release");
    }

    /**
     * Kills a child that did not hand its job back in time (graceful shutdown); its job is then
     * given back anyway, to resume from its last checkpoint. Callable from any thread.
     */
    void kill() {
        Process p = process;
        // A child that already exited keeps its own outcome (cancelled, failed): only a kill releases.
        if (p == null || p.isAlive()) {
            killed = true;
            if (p != null) {
                p.destroyForcibly();
            }
        }
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
        // Clip's towers start from other experiments' last checkpoints (read on every attempt: a
        // resumed run still takes its normalisation and text shape from them).
        java.util.Map<String, String> startFrom = new java.util.LinkedHashMap<>();
        if (payload.startFromJobs() != null) {
            payload.startFromJobs().forEach((part, source) -> context.progress().latest(source)
                    .ifPresent(checkpoint -> startFrom.put(part, checkpoint.prefix())));
        }
        return new TrainingRequest(job.id(), job.attempt(), job.kind(), job.payload(), context.storage(),
                context.dataDir().toString(), ArtifactLayout.checkpoints(job.id()),
                resume.map(JobProgress.Checkpoint::prefix).orElse(null),
                resume.map(JobProgress.Checkpoint::epoch).orElse(0), input, context.codeVersion(), startFrom);
    }

    private void superviseUntilExit(Path logFile) throws InterruptedException {
        long interval = context.worker().heartbeatInterval().toMillis();
        try (LeaseKeeper lease = new LeaseKeeper(job.id(), workerId, context, claimedAt)) {
            while (!process.waitFor(interval, TimeUnit.MILLISECONDS)) {
                storeLogTail(logFile);
                noteCpuSeen();
                switch (lease.beat()) {
                    case CANCEL -> cancel();
                    case STOP -> {
                        stopReason = lease.stopReason();
                        process.destroyForcibly();
                    }
                    case KEEP_RUNNING -> { }
                }
            }
        }
    }

    /** Asks the child to stop; kills one that has not stopped a grace later ({@link #CANCEL_GRACE_BEATS}). */
    private void cancel() {
        Instant now = context.clock().instant();
        if (cancelDeadline == null) {
            Duration beats = context.worker().heartbeatInterval().multipliedBy(CANCEL_GRACE_BEATS);
            cancelDeadline = now.plus(beats.compareTo(MIN_CANCEL_GRACE) < 0 ? MIN_CANCEL_GRACE : beats);
            sendToChild("stop");
        } else if (!now.isBefore(cancelDeadline)) {
            log.info("Job {}: the child did not stop by {} after the cancel request; killing it", job.id(),
                    cancelDeadline);
            cancelForced = true;
            process.destroyForcibly();
        }
    }

    /** A child killed before it can report its own usage is billed what was seen last. */
    private void noteCpuSeen() {
        try {
            process.info().totalCpuDuration()
                    .ifPresent(cpu -> cpuSecondsSeen = Math.max(cpuSecondsSeen, cpu.toNanos() / 1e9));
        } catch (UnsupportedOperationException notAnOsProcess) {
            // A process without an OS handle (a stand-in) reports its usage itself or not at all.
        }
    }

    /**
     * Stores the child's last log lines for {@code GET /v1/jobs/{id}/log} when they changed; for people
     * watching, so a failure to read or store them is only logged.
     */
    private void storeLogTail(Path logFile) {
        try {
            List<String> tail = ChildLogTail.read(logFile);
            if (!tail.equals(lastLogTail)) {
                context.progress().logTail(job.id(), job.attempt(), tail);
                lastLogTail = tail;
            }
        } catch (IOException | RuntimeException e) {
            log.debug("Job {}: log tail not stored: {}", job.id(), e.toString());
        }
    }

    /** Adds the attempt's CPU time to the job's: what the child reported, else what was last seen. */
    private void billCpu(double reported) {
        double seconds = Math.max(reported, cpuSecondsSeen);
        if (seconds <= 0) {
            return;
        }
        context.metrics().cpu(job.kind(), seconds);
        try {
            context.progress().addCpu(job.id(), seconds);
        } catch (RuntimeException e) {
            // Accounting, not the job's result: the attempt's outcome is still reported.
            log.warn("Job {}: could not record {} CPU seconds: {}", job.id(), seconds, e.toString());
        }
    }

    /** Tells the queue how the attempt ended; returns the outcome's name for metrics. */
    private String report(int exitCode, Path logFile) {
        if (killed && exitCode != ExitCodes.DONE) {
            context.queue().release(job.id(), workerId);
            return "released";
        }
        if (cancelForced && exitCode != ExitCodes.DONE) {
            context.queue().cancelled(job.id(), workerId);
            return "cancelled";
        }
        if (stopReason != null && exitCode != ExitCodes.DONE) {
            context.queue().fail(job.id(), workerId, stopReason);
            return "failed";
        }
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
