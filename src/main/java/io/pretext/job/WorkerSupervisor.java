package io.pretext.job;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.pretext.core.PretextProperties;
import io.pretext.core.Role;
import io.pretext.storage.StorageProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker role: one slot per configured device, each claiming a job, running it in a fresh
 * child JVM and reporting the outcome; slot 0 also reaps expired leases. On shutdown, running
 * children are asked to hand their jobs back (they resume from their last checkpoint elsewhere),
 * within {@code pretext.worker.shutdown-grace-period} and before the database goes away.
 * Inactive unless {@code pretext.roles} includes {@code worker}. Thread-safe.
 */
@Component
class WorkerSupervisor implements SmartLifecycle, ApplicationListener<ContextClosedEvent> {

    private static final Logger log = LoggerFactory.getLogger(WorkerSupervisor.class);
    private static final Duration MAX_RESERVE = Duration.ofSeconds(5);

    private final WorkerContext context;
    private final PretextProperties pretext;
    private final String workerId = ManagementFactory.getRuntimeMXBean().getName();
    private final Map<String, ChildRun> running = new ConcurrentHashMap<>();
    private final List<Thread> slots = new ArrayList<>();
    private volatile CountDownLatch stopping = new CountDownLatch(1);
    private volatile boolean active;
    /** When the application began to close (System.nanoTime), or null: the grace period counts from it. */
    private volatile Long closingSince;

    WorkerSupervisor(JobQueue queue, JobProgress progress, ChildLauncher launcher, WorkerProperties worker,
            StorageProperties storage, PretextProperties pretext, JsonMapper json, WorkerMetrics metrics,
            io.pretext.storage.ArtifactStore store,
            org.springframework.beans.factory.ObjectProvider<org.springframework.boot.info.BuildProperties> build,
            Clock clock, LeasePolicy lease) {
        this.pretext = pretext;
        this.context = new WorkerContext(queue, progress, launcher, worker, storage, pretext.dataDir(), json, metrics,
                store, build.stream().findFirst().map(b -> b.getVersion() + " (built " + b.getTime() + ")")
                        .orElse("development build"), clock, lease);
    }

    /**
     * Earlier lifecycle phases (the web server's connection drain) run before {@link #stop()}; the
     * grace period is the whole stop's, so it counts from here.
     */
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        closingSince = System.nanoTime();
    }

    @Override
    public void start() {
        if (!pretext.has(Role.WORKER)) {
            return;
        }
        stopping = new CountDownLatch(1);
        closingSince = null;
        active = true;
        List<String> devices = Devices.expand(context.worker().devices());
        for (int i = 0; i < devices.size(); i++) {
            String slot = workerId + "/slot-" + i + "-" + devices.get(i);
            boolean reaper = i == 0;
            String device = devices.get(i);
            Thread thread = new Thread(() -> loop(slot, device, reaper), "worker-" + slot);
            thread.setDaemon(true);
            slots.add(thread);
            thread.start();
        }
        log.info("Worker {} started with {} slot(s): {}", workerId, devices.size(), devices);
    }

    private void loop(String slot, String device, boolean reaper) {
        while (active) {
            try {
                if (reaper) {
                    context.queue().reapExpired();
                }
                Instant claimedAt = context.clock().instant();
                Optional<ClaimedJob> claimed = context.metrics().timed("claim", () -> context.queue().claim(slot));
                if (claimed.isEmpty()) {
                    sleepQuietly();
                    continue;
                }
                ClaimedJob job = claimed.get();
                log.info("Slot {} runs job {} ({}, attempt {})", slot, job.id(), job.kind(), job.attempt());
                ChildRun run = new ChildRun(job, slot, context, claimedAt);
                running.put(slot, run);
                if (!active) {
                    run.release(); // claimed while stop() was handing jobs back
                }
                try {
                    run.run(device);
                } finally {
                    running.remove(slot);
                }
            } catch (RuntimeException e) {
                // The database may be briefly unreachable; the loop must outlive that.
                log.warn("Worker slot {} error: {}", slot, e.toString());
                sleepQuietly();
            }
        }
    }

    /** Stops beside the web server's graceful shutdown (same phase), on a thread of its own. */
    @Override
    public void stop(Runnable callback) {
        Thread stopper = new Thread(() -> {
            try {
                stop();
            } finally {
                callback.run();
            }
        }, "worker-stop");
        stopper.start();
    }

    /**
     * Hands every running job back before the connection pool closes, within
     * {@code pretext.worker.shutdown-grace-period}: children are asked to release their jobs, those
     * still running a few seconds before the end are killed (their jobs are released all the same and
     * resume from their last checkpoint), and the slots get the rest to write the hand-backs.
     */
    @Override
    public void stop() {
        if (!active) {
            return;
        }
        Long closing = closingSince;
        long start = closing == null ? System.nanoTime() : Math.min(closing, System.nanoTime());
        active = false;
        stopping.countDown();
        Duration grace = context.worker().shutdownGracePeriod();
        // Kept for the hand-back writes and for closing the pool and the embedded database.
        Duration reserve = grace.dividedBy(4).compareTo(MAX_RESERVE) < 0 ? grace.dividedBy(4) : MAX_RESERVE;
        running.values().forEach(ChildRun::release);
        joinSlots(start + grace.minus(reserve).toNanos());
        if (!running.isEmpty()) {
            log.warn("Worker {}: {} child(ren) did not hand back within {} s; killing them, their jobs are requeued",
                    workerId, running.size(), grace.minus(reserve).toSeconds());
            running.values().forEach(ChildRun::kill);
        }
        joinSlots(start + grace.minus(reserve.dividedBy(2)).toNanos());
        long busy = slots.stream().filter(Thread::isAlive).count();
        log.info("Worker {} stopped {} ms after the stop began{}", workerId, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start),
                busy == 0 ? "" : "; " + busy + " slot(s) still waiting for the database");
        slots.clear();
    }

    private void joinSlots(long deadlineNanos) {
        for (Thread slot : slots) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                TimeUnit.NANOSECONDS.timedJoin(slot, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public boolean isRunning() {
        return active;
    }

    @Override
    public int getPhase() {
        // Lifecycle phases all stop before any bean, the DataSource and the embedded database among
        // them, is destroyed. Stopping beside the web server's graceful shutdown, rather than before
        // it, keeps the whole stop within one grace period.
        return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE;
    }

    /** Waits one poll interval, or less when the worker stops meanwhile. */
    private void sleepQuietly() {
        try {
            stopping.await(context.worker().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
