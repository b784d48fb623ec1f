package io.pretext.job;

import java.time.Instant;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Cancels everything downstream of a job that will never succeed. Thread-safe. */
@Component
class JobDependents {

    private final JdbcClient jdbc;

    JobDependents(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Cancels, with {@code reason}, every queued job that depends on {@code jobId}, directly or not. */
    int cancel(UUID jobId, String reason, Instant now) {
        return jdbc.sql("""
                with recursive downstream(id) as (
                    select job_id from job_dependencies where depends_on = :id
                    union
                    select d.job_id from job_dependencies d join downstream on d.depends_on = downstream.id)
                update jobs set state = 'CANCELLED', last_error = :reason, finished_at = :now
                where id in (select id from downstream) and state = 'QUEUED'
                """).param("id", jobId).param("reason", JobQueue.truncate(reason)).param("now", JobRows.at(now))
                .update();
    }
}
