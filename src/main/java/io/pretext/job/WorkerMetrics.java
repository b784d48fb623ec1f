package io.pretext.job;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pretext.training.JobKind;
import org.springframework.stereotype.Component;

/**
 * The worker's meters: running jobs, last training throughput and loss per device
 * ({@code pretext_worker_running_jobs}, {@code pretext_training_samples_per_second},
 * {@code pretext_training_loss}), and attempts by kind and outcome with their duration
 * ({@code pretext_job_attempt_seconds}), the latency of claims and heartbeats, and failed
 * heartbeats ({@code pretext_job_heartbeat_failures_total}), and CPU time of children by job kind
 * ({@code pretext_job_cpu_seconds_total}). Thread-safe.
 */
@Component
class WorkerMetrics {

    private final MeterRegistry registry;
    private final Map<String, AtomicLong> running = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> samplesPerSecond = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> lossMillis = new ConcurrentHashMap<>();

    WorkerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Times a queue call: {@code pretext_job_claim_seconds}, {@code pretext_job_heartbeat_seconds}. */
    <T> T timed(String operation, java.util.function.Supplier<T> call) {
        return Timer.builder("pretext.job." + operation).description("Queue " + operation + " latency")
                .register(registry).record(call);
    }

    /** Counts a heartbeat that failed ({@code pretext_job_heartbeat_failures_total}). */
    void heartbeatFailed() {
        Counter.builder("pretext.job.heartbeat.failures")
                .description("Heartbeats that failed; the job keeps running while its lease holds")
                .register(registry).increment();
    }

    void started(String device) {
        gauge(running, "pretext.worker.running.jobs", device, 1).incrementAndGet();
    }

    void finished(String device, JobKind kind, String outcome, Duration duration) {
        gauge(running, "pretext.worker.running.jobs", device, 1).decrementAndGet();
        Timer.builder("pretext.job.attempt").tag("kind", kind.name()).tag("outcome", outcome)
                .description("Job attempts by kind and outcome").register(registry).record(duration);
    }

    /** Counts CPU time that training children used ({@code pretext_job_cpu_seconds_total}, by job kind). */
    void cpu(JobKind kind, double seconds) {
        Counter.builder("pretext.job.cpu.seconds").tag("kind", kind.name()).baseUnit("seconds")
                .description("CPU time used by training children (user plus system)").register(registry)
                .increment(seconds);
    }

    void epoch(String device, Map<String, Double> metrics) {
        Double throughput = metrics.get("samplesPerSecond");
        if (throughput != null && !throughput.isNaN()) {
            gauge(samplesPerSecond, "pretext.training.samples.per.second", device, 1).set(Math.round(throughput));
        }
        Double loss = metrics.get("loss");
        if (loss != null && !loss.isNaN()) {
            gauge(lossMillis, "pretext.training.loss", device, 1000).set(Math.round(loss * 1000));
        }
    }

    private AtomicLong gauge(Map<String, AtomicLong> values, String name, String device, double scale) {
        return values.computeIfAbsent(device, d -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(name, value, v -> v.get() / scale).tag("device", d).register(registry);
            return value;
        });
    }
}
