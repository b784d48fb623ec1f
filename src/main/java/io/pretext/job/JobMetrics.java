package io.pretext.job;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Queue metrics for Prometheus: {@code pretext_jobs{state=...}} (jobs by state, refreshed every
 * 10 s from the database, so every API and worker process reports the same numbers). Thread-safe.
 */
@Component
class JobMetrics {

    private final JobService jobs;
    private final Map<JobState, AtomicLong> byState = new ConcurrentHashMap<>();

    JobMetrics(JobService jobs, MeterRegistry registry) {
        this.jobs = jobs;
        for (JobState state : JobState.values()) {
            AtomicLong value = new AtomicLong();
            byState.put(state, value);
            Gauge.builder("pretext.jobs", value, AtomicLong::get).tag("state", state.name())
                    .description("Jobs by state").register(registry);
        }
    }

    @Scheduled(fixedDelayString = "${pretext.metrics.queue-refresh:10s}", initialDelay = 0)
    void refresh() {
        try {
            jobs.countByState().forEach((state, count) -> byState.get(state).set(count));
        } catch (RuntimeException e) {
            // The database may be briefly unreachable; keep the last values, readiness reports the outage.
        }
    }
}
