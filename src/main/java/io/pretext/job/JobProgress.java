package io.pretext.job;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.pretext.training.ChildEvent;
import io.pretext.training.JobKind;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records what a running job reports (epoch metrics, checkpoints) and answers where to resume.
 * Metrics are keyed by (job, epoch, name), so an epoch redone after a crash appears once.
 * Thread-safe.
 */
@Component
public class JobProgress {

    /** A recorded checkpoint: the objects under {@code prefix} hold the state after {@code epoch}. */
    public record Checkpoint(int epoch, String prefix) {
    }

    private static final tools.jackson.core.type.TypeReference<Map<String, Double>> METRICS =
            new tools.jackson.core.type.TypeReference<>() { };

    private final JdbcClient jdbc;
    private final Clock clock;
    private final JsonMapper json;

    JobProgress(JdbcClient jdbc, Clock clock, JsonMapper json) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.json = json;
    }

    /**
     * Records where a running attempt is within its training, replacing the previous report; a report
     * of an attempt that no longer runs is ignored. Not history: only the latest is kept.
     */
    @Transactional
    public void live(UUID jobId, int attempt, ChildEvent.Progress progress) {
        jdbc.sql("""
                update jobs set progress_epoch = :epoch, progress_epochs = :epochs, progress_step = :step,
                    progress_steps = :steps, progress_samples_per_second = :rate, progress_eta_seconds = :eta,
                    progress_phase = :phase, progress_at = :now
                where id = :job and attempt = :attempt and state = 'RUNNING'""")
                .param("epoch", progress.epoch()).param("epochs", progress.epochs()).param("step", progress.step())
                .param("steps", progress.steps()).param("rate", finite(progress.samplesPerSecond()))
                .param("eta", finite(progress.etaSeconds())).param("phase", progress.phase())
                .param("now", JobRows.at(clock.instant()))
                .param("job", jobId).param("attempt", attempt).update();
    }

    /** Replaces a job's log tail with what {@code attempt}'s child wrote last. */
    @Transactional
    public void logTail(UUID jobId, int attempt, List<String> lines) {
        jdbc.sql("update jobs set log_attempt = :attempt, log_tail = :tail, log_tail_at = :now where id = :job")
                .param("attempt", attempt).param("tail", String.join("\n", lines))
                .param("now", JobRows.at(clock.instant())).param("job", jobId).update();
    }

    /** A job's log tail as last stored, or an empty one; the caller has checked the job is the tenant's. */
    @Transactional(readOnly = true)
    public JobLog log(UUID jobId) {
        return jdbc.sql("select log_attempt, log_tail, log_tail_at from jobs where id = :job").param("job", jobId)
                .query((rs, row) -> {
                    String tail = rs.getString("log_tail");
                    return new JobLog(jobId, rs.getInt("log_attempt"),
                            tail == null || tail.isEmpty() ? List.of() : List.of(tail.split("\n", -1)),
                            JobRows.instant(rs, "log_tail_at"));
                }).optional().orElse(new JobLog(jobId, 0, List.of(), null));
    }

    /** Adds one attempt's CPU time (seconds, positive) to the job's total over all its attempts. */
    @Transactional
    public void addCpu(UUID jobId, double seconds) {
        jdbc.sql("update jobs set cpu_seconds = coalesce(cpu_seconds, 0) + :seconds where id = :job")
                .param("seconds", seconds).param("job", jobId).update();
    }

    /** A running job's latest progress report. */
    public record RunningJob(UUID jobId, JobKind kind, LiveProgress progress) {
    }

    /** The latest progress of each running job of the experiment that has reported any. */
    @Transactional(readOnly = true)
    public List<RunningJob> running(UUID experimentId) {
        return jdbc.sql("select " + JobRows.COLUMNS + " from jobs j where j.experiment_id = :experiment "
                        + "and j.state = 'RUNNING' and j.progress_at is not null order by j.created_at, j.id")
                .param("experiment", experimentId).query(JobRows::view).list().stream()
                .map(job -> new RunningJob(job.id(), job.kind(), job.progress())).toList();
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0;
    }

    @Transactional
    public void epoch(UUID jobId, int attempt, int epoch, Map<String, Double> metrics) {
        Map<String, Object> event = new java.util.LinkedHashMap<>();
        event.put("jobId", jobId.toString());
        event.put("attempt", attempt);
        event.put("epoch", epoch);
        Map<String, Double> finite = new java.util.LinkedHashMap<>();
        metrics.forEach((name, value) -> {
            if (value != null && Double.isFinite(value)) {
                finite.put(name, value);
            }
        });
        event.put("metrics", finite);
        jdbc.sql("insert into job_events (experiment_id, job_id, type, data) "
                        + "select experiment_id, id, 'epoch', :data from jobs where id = :job")
                .param("job", jobId).param("data", json.writeValueAsString(event)).update();
        metrics.forEach((name, value) -> {
            if (value != null && !value.isNaN() && !value.isInfinite()) {
                jdbc.sql("""
                        insert into job_metrics (job_id, epoch, name, value, attempt, created_at)
                        values (:job, :epoch, :name, :value, :attempt, :now)
                        on conflict (job_id, epoch, name)
                        do update set value = excluded.value, attempt = excluded.attempt, created_at = excluded.created_at
                        """).param("job", jobId).param("epoch", epoch).param("name", name).param("value", value)
                        .param("attempt", attempt).param("now", JobRows.at(clock.instant())).update();
            }
        });
    }

    @Transactional
    public void checkpoint(UUID jobId, int attempt, int epoch, String prefix, Map<String, Double> metrics) {
        epoch(jobId, attempt, epoch, metrics);
        jdbc.sql("""
                insert into checkpoints (id, job_id, attempt, epoch, prefix, metrics, created_at)
                values (:id, :job, :attempt, :epoch, :prefix, :metrics, :now)
                on conflict (job_id, epoch) do update set prefix = excluded.prefix, attempt = excluded.attempt,
                    metrics = excluded.metrics, created_at = excluded.created_at
                """).param("id", UUID.randomUUID()).param("job", jobId).param("attempt", attempt).param("epoch", epoch)
                .param("prefix", prefix).param("metrics", json.writeValueAsString(metrics))
                .param("now", JobRows.at(clock.instant())).update();
    }

    /**
     * Garbage-collects a job's checkpoints: keeps the newest {@code keepLatest} and the best by
     * {@code validationAccuracy} (when reported), deletes the other rows and returns their prefixes
     * so the caller can delete the objects.
     */
    @Transactional
    public List<String> collectGarbage(UUID jobId, int keepLatest) {
        List<Object[]> all = jdbc.sql("select epoch, prefix, metrics from checkpoints where job_id = :job "
                        + "order by epoch desc")
                .param("job", jobId).query((rs, i) -> new Object[] {rs.getInt(1), rs.getString(2), rs.getString(3)})
                .list();
        Integer best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (Object[] checkpoint : all) {
            Double score = json.readValue((String) checkpoint[2], METRICS).get("validationAccuracy");
            if (score != null && score > bestScore) {
                bestScore = score;
                best = (Integer) checkpoint[0];
            }
        }
        List<String> removed = new java.util.ArrayList<>();
        for (int i = keepLatest; i < all.size(); i++) {
            Object[] checkpoint = all.get(i);
            if (!checkpoint[0].equals(best)) {
                jdbc.sql("delete from checkpoints where job_id = :job and epoch = :epoch").param("job", jobId)
                        .param("epoch", checkpoint[0]).update();
                removed.add((String) checkpoint[1]);
            }
        }
        return removed;
    }

    /** The checkpoint with the highest {@code validationAccuracy}, or the newest when none reports one. */
    @Transactional(readOnly = true)
    public Optional<Checkpoint> best(UUID jobId) {
        Optional<Checkpoint> best = jdbc.sql("""
                select epoch, prefix from job_metrics m join checkpoints c using (job_id, epoch)
                where m.job_id = :job and m.name = 'validationAccuracy'
                order by m.value desc, m.epoch desc limit 1
                """).param("job", jobId).query((rs, i) -> new Checkpoint(rs.getInt(1), rs.getString(2))).optional();
        return best.isPresent() ? best : latest(jobId);
    }

    /** One logged event of an experiment: {@code state} changes and {@code epoch} metrics. */
    public record JobEvent(long id, String type, String data) {
    }

    /** Events of an experiment after {@code afterId}, oldest first, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<JobEvent> eventsAfter(UUID experimentId, long afterId, int limit) {
        return jdbc.sql("select id, type, data from job_events where experiment_id = :experiment and id > :after "
                        + "order by id limit :limit")
                .param("experiment", experimentId).param("after", afterId).param("limit", limit)
                .query((rs, i) -> new JobEvent(rs.getLong(1), rs.getString(2), rs.getString(3))).list();
    }

    /** The newest checkpoint of a job, if it wrote any. */
    @Transactional(readOnly = true)
    public Optional<Checkpoint> latest(UUID jobId) {
        return jdbc.sql("select epoch, prefix from checkpoints where job_id = :job order by epoch desc limit 1")
                .param("job", jobId).query((rs, i) -> new Checkpoint(rs.getInt(1), rs.getString(2))).optional();
    }

    /**
     * One metric value of one job at one epoch (epoch 0: the job's final report).
     *
     * @param kind what the job does (PRETRAIN, FINETUNE, SCRATCH, EVALUATE, PIXELS ...)
     * @param recordedAt when the value was stored (the latest attempt's, when an epoch was redone)
     */
    @Schema(requiredProperties = {"jobId", "kind", "epoch", "name", "value", "attempt", "recordedAt"})
    public record MetricPoint(UUID jobId, JobKind kind, int epoch, String name, double value, int attempt,
            Instant recordedAt) {
    }

    /**
     * Metrics of the given jobs, by job then epoch.
     *
     * @param name null for all; else the metric of that name and every {@code name/<qualifier>} one, so
     *     {@code accuracy} finds {@code accuracy/<dataset>} of each evaluated dataset
     */
    @Transactional(readOnly = true)
    public List<MetricPoint> metrics(List<UUID> jobIds, String name) {
        if (jobIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select m.job_id, j.kind, m.epoch, m.name, m.value, m.attempt, m.created_at "
                        + "from job_metrics m join jobs j on j.id = m.job_id where m.job_id in (:jobs)"
                        + (name == null ? "" : " and (m.name = :name or left(m.name, :length) = :qualified)")
                        + " order by m.job_id, m.epoch, m.name")
                .param("jobs", jobIds).param("name", name == null ? "" : name)
                .param("length", name == null ? 0 : name.length() + 1).param("qualified", name + "/")
                .query((rs, i) -> new MetricPoint(rs.getObject(1, UUID.class), JobKind.valueOf(rs.getString(2)),
                        rs.getInt(3), rs.getString(4), rs.getDouble(5), rs.getInt(6), rs.getTimestamp(7).toInstant()))
                .list();
    }
}
