package io.pretext.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.pretext.training.JobKind;

/** Mapping between {@code jobs} rows and Java values. Stateless. */
final class JobRows {

    static final String COLUMNS = "j.id, j.experiment_id, j.kind, j.state, j.priority, j.attempt, j.max_restarts, "
            + "j.worker_id, j.heartbeat_at, j.last_error, j.created_at, j.started_at, j.finished_at, j.payload, "
            + "j.tenant_id, j.progress_epoch, j.progress_epochs, j.progress_step, j.progress_steps, "
            + "j.progress_samples_per_second, j.progress_eta_seconds, j.progress_at, j.progress_phase, j.cpu_seconds, array(select d.depends_on::text from job_dependencies d where d.job_id = j.id "
            + "order by d.depends_on) as depends_on";

    private JobRows() {
    }

    static JobView view(ResultSet rs, int row) throws SQLException {
        List<UUID> dependsOn = new ArrayList<>();
        java.sql.Array array = rs.getArray("depends_on");
        if (array != null) {
            Arrays.stream((Object[]) array.getArray()).forEach(o -> dependsOn.add(UUID.fromString(o.toString())));
        }
        return new JobView(rs.getObject("id", UUID.class), rs.getObject("experiment_id", UUID.class),
                JobKind.valueOf(rs.getString("kind")), JobState.valueOf(rs.getString("state")), rs.getInt("priority"),
                rs.getInt("attempt"), rs.getInt("max_restarts"), dependsOn, rs.getString("worker_id"),
                instant(rs, "heartbeat_at"), rs.getString("last_error"), instant(rs, "created_at"),
                instant(rs, "started_at"), instant(rs, "finished_at"), progress(rs), cpuSeconds(rs));
    }

    /**
     * Views of jobs just enqueued at {@code now}, ordered as the experiment's jobs are read
     * ({@code created_at}, kind name, id as text; dependencies by id as text).
     */
    static List<JobView> queued(UUID experimentId, List<NewJob> jobs, Instant now) {
        return jobs.stream().map(job -> new JobView(job.id(), experimentId, job.kind(), JobState.QUEUED,
                        job.priority(), 0, job.maxRestarts(), job.dependsOn().stream()
                        .sorted(java.util.Comparator.comparing(UUID::toString)).toList(), null, null, null, now, null,
                        null, null, null))
                .sorted(java.util.Comparator.comparing((JobView v) -> v.kind().name())
                        .thenComparing(v -> v.id().toString()))
                .toList();
    }

    private static LiveProgress progress(ResultSet rs) throws SQLException {
        Instant at = instant(rs, "progress_at");
        return at == null ? null : new LiveProgress(rs.getInt("progress_epoch"), rs.getInt("progress_epochs"),
                rs.getInt("progress_step"), rs.getInt("progress_steps"), rs.getDouble("progress_samples_per_second"),
                rs.getDouble("progress_eta_seconds"), at, rs.getString("progress_phase"));
    }

    private static Double cpuSeconds(ResultSet rs) throws SQLException {
        double seconds = rs.getDouble("cpu_seconds");
        return rs.wasNull() ? null : seconds;
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
