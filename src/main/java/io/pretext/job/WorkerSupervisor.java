package io.pretext.job;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.pretext.core.PretextProperties;
import io.pretext.core.Role;
import io.pretext.storage.StorageProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The worker role: one slot per configured device, each claiming a job, running it in a fresh
 * child JVM and reporting the outcome; slot 0 also reaps expired leases. On shutdown, running
 * children are asked to hand their jobs back (they resume from their last checkpoint elsewhere).
 * Inactive unless {@code pretext.roles} includes {@code worker}. Thread-safe.
 */
@Component
class WorkerSupervisor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WorkerSupervisor.class);

    private final WorkerContext context;
    private final PretextProperties pretext;
    private final String workerId = ManagementFactory.getRuntimeMXBean().getName();
    private final Map<String, ChildRun> running = new ConcurrentHashMap<>();
    private final List<Thread> slots = new ArrayList<>();
    private volatile boolean active;

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

    @Override
    public void start() {
        if (!pretext.has(Role.WORKER)) {
            return;
        }
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
                java.time.Instant claimedAt = context.clock().instant();
                Optional<ClaimedJob> claimed = context.metrics().timed("claim", () -> context.queue().claim(slot));
                if (claimed.isEmpty()) {
                    Thread.sleep(context.worker().pollInterval().toMillis());
                    continue;
                }
                ClaimedJob job = claimed.get();
                log.info("Slot {} runs job {} ({}, attempt {})", slot, job.id(), job.kind(), job.attempt());
                ChildRun run = new ChildRun(job, slot, context, claimedAt);
                running.put(slot, run);
                try {
                    run.run(device);
                } finally {
                    running.remove(slot);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // The database may be briefly unreachable; the loop must outlive that.
                log.warn("Worker slot {} error: {}", slot, e.toString());
                sleepQuietly();
            }
        }
    }

    @Override
    public void stop() {
        if (!active) {
            return;
        }
        active = false;
        running.values().forEach(ChildRun::release);
        for (Thread slot : slots) {
            try {
                slot.join(TimeUnit.SECONDS.toMillis(60));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        slots.clear();
    }

    @Override
    public boolean isRunning() {
        return active;
    }

    @Override
    public int getPhase() {
        // Stop before the web server and the DataSource go away: children report through them.
        return Integer.MAX_VALUE - 100;
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(context.worker().pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
