package io.pretext.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pretext.training.JobKind;
import tools.jackson.databind.json.JsonMapper;

/**
 * A {@link ChildRun} without Spring, a database or a JVM: a {@link FakeChild}, a
 * {@link ScriptedQueue} and a {@link MutableClock}; heartbeats every 5 s of that clock, 30 s leases.
 */
final class ChildRunFixture {

    static final Duration HEARTBEAT = Duration.ofSeconds(5);
    static final Duration LEASE = Duration.ofSeconds(30);

    final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    final Instant start = clock.instant();
    final LeasePolicy policy = new LeasePolicy(LEASE, Duration.ofSeconds(5), Duration.ofMinutes(1));
    final ScriptedQueue queue = new ScriptedQueue(clock, policy);
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final WorkerContext context;
    final java.util.concurrent.atomic.AtomicInteger launches = new java.util.concurrent.atomic.AtomicInteger();
    private volatile FakeChild child;

    ChildRunFixture(Path dataDir) {
        this(dataDir, HEARTBEAT);
    }

    ChildRunFixture(Path dataDir, Duration heartbeat) {
        JsonMapper json = JsonMapper.builder().build();
        WorkerProperties worker = new WorkerProperties(List.of("cpu"), "1g", false, 2, "auto", 0, Duration.ofSeconds(1),
                heartbeat, Duration.ofSeconds(30));
        JobProgress progress = new JobProgress(null, clock, json) {
            @Override
            public Optional<Checkpoint> latest(UUID jobId) {
                return Optional.empty();
            }
        };
        ChildLauncher launcher = new ChildLauncher(worker) {
            @Override
            Process start(Path requestFile, String device, Path logFile, UUID jobId) {
                launches.incrementAndGet();
                return child;
            }
        };
        context = new WorkerContext(queue, progress, launcher, worker, null, dataDir, json,
                new WorkerMetrics(registry), null, "test", clock, policy);
    }

    /** The child the next run launches: alive for {@code waits} waits, then exits with {@code exitCode}. */
    FakeChild child(int waits, int exitCode) {
        child = new FakeChild(clock, waits, exitCode);
        return child;
    }

    ChildRun run() {
        return new ChildRun(job(), "worker-1/slot-0-cpu", context, start);
    }

    /** Fake seconds since the job was claimed. */
    long elapsedSeconds() {
        return Duration.between(start, clock.instant()).toSeconds();
    }

    private static ClaimedJob job() {
        return new ClaimedJob(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), JobKind.PRETRAIN, 1, 2,
                payload());
    }

    private static String payload() {
        try (InputStream in = ChildRunFixture.class.getResourceAsStream("/payloads/old-planner.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
