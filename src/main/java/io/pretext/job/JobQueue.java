package io.pretext.job;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.pretext.training.JobKind;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The worker's side of the Postgres job queue: claim, heartbeat, finish, and the reaper. A claim
 * is one statement ({@code UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING})
 * honouring dependencies, priority and back-off, so many workers on one database never take the
 * same job. Every state change of a running job is conditional on the caller still holding the
 * lease. A job that becomes final is announced as a {@link JobFinished} event within its
 * transaction. Thread-safe.
 */
@Component
public class JobQueue {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final LeasePolicy policy;
    private final JobDependents dependents;
    private final ApplicationEventPublisher events;

    JobQueue(JdbcClient jdbc, Clock clock, LeasePolicy policy, JobDependents dependents,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.policy = policy;
        this.dependents = dependents;
        this.events = events;
    }

    /** Claims the most urgent runnable job for {@code workerId}, if any. */
    @Transactional
    public Optional<ClaimedJob> claim(String workerId) {
        Instant now = clock.instant();
        return jdbc.sql("""
                update jobs set state = 'RUNNING', worker_id = :worker, attempt = attempt + 1,
                       lease_expires_at = :expiry, heartbeat_at = :now, started_at = coalesce(started_at, :now)
                where id = (
                    select j.id from jobs j
                    where j.state = 'QUEUED' and j.not_before <= :now
                      and not exists (select 1 from job_dependencies d join jobs p on p.id = d.depends_on
                                      where d.job_id = j.id and p.state <> 'SUCCEEDED')
                    order by j.priority desc, j.created_at, j.id
                    limit 1
                    for update skip locked)
                returning id, tenant_id, experiment_id, kind, attempt, max_restarts, payload
                """)
                .param("worker", workerId).param("now", JobRows.at(now))
                .param("expiry", JobRows.at(policy.leaseExpiry(now)))
                .query((rs, i) -> new ClaimedJob(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                        rs.getObject("experiment_id", UUID.class), JobKind.valueOf(rs.getString("kind")),
                        rs.getInt("attempt"), rs.getInt("max_restarts"), rs.getString("payload")))
                .optional();
    }

    /** Renews the lease, and says whether the job should stop. */
    @Transactional
    public HeartbeatResult heartbeat(UUID jobId, String workerId) {
        Instant now = clock.instant();
        List<Boolean> cancel = jdbc.sql("""
                update jobs set heartbeat_at = :now, lease_expires_at = :expiry
                where id = :id and worker_id = :worker and state = 'RUNNING'
                returning cancel_requested
                """)
                .param("id", jobId).param("worker", workerId).param("now", JobRows.at(now))
                .param("expiry", JobRows.at(policy.leaseExpiry(now)))
                .query(Boolean.class).list();
        if (cancel.isEmpty()) {
            return HeartbeatResult.LEASE_LOST;
        }
        return cancel.get(0) ? HeartbeatResult.CANCEL_REQUESTED : HeartbeatResult.RENEWED;
    }

    /** The attempt succeeded. False when the lease was lost meanwhile (the result is not recorded). */
    @Transactional
    public boolean succeed(UUID jobId, String workerId) {
        return finish(jobId, workerId, JobState.SUCCEEDED, null);
    }

    /** The attempt stopped because the job was cancelled; dependents are cancelled too. */
    @Transactional
    public boolean cancelled(UUID jobId, String workerId) {
        boolean done = finish(jobId, workerId, JobState.CANCELLED, "cancelled while running");
        if (done) {
            dependents.cancel(jobId, "cancelled because job " + jobId + " was cancelled", clock.instant());
        }
        return done;
    }

    /**
     * The attempt failed: the job goes back to the queue after a back-off while it has restarts
     * left, else it fails for good and its dependents are cancelled.
     */
    @Transactional
    public boolean fail(UUID jobId, String workerId, String error) {
        Instant now = clock.instant();
        var row = jdbc.sql("select attempt, max_restarts from jobs where id = :id and worker_id = :worker "
                        + "and state = 'RUNNING' for update")
                .param("id", jobId).param("worker", workerId)
                .query((rs, i) -> new int[] {rs.getInt(1), rs.getInt(2)}).optional();
        if (row.isEmpty()) {
            return false;
        }
        int attempt = row.get()[0];
        if (policy.mayRetry(attempt, row.get()[1])) {
            jdbc.sql("""
                    update jobs set state = 'QUEUED', worker_id = null, lease_expires_at = null,
                           not_before = :retry, last_error = :error, progress_phase = null
                    where id = :id
                    """).param("id", jobId).param("retry", JobRows.at(policy.retryAt(now, attempt)))
                    .param("error", truncate(error)).update();
            return true;
        }
        finish(jobId, workerId, JobState.FAILED, error);
        dependents.cancel(jobId, "cancelled because job " + jobId + " failed: " + truncate(error), now);
        return true;
    }

    /** The attempt failed in a way no retry can fix (unsupported method, bad input): fail the job now. */
    @Transactional
    public boolean failPermanently(UUID jobId, String workerId, String error) {
        boolean done = finish(jobId, workerId, JobState.FAILED, error);
        if (done) {
            dependents.cancel(jobId, "cancelled because job " + jobId + " failed: " + truncate(error), clock.instant());
        }
        return done;
    }

    /** Gives a running job back to the queue without counting the attempt (graceful shutdown). */
    @Transactional
    public boolean release(UUID jobId, String workerId) {
        return jdbc.sql("""
                update jobs set state = 'QUEUED', worker_id = null, lease_expires_at = null, attempt = attempt - 1,
                       progress_phase = null
                where id = :id and worker_id = :worker and state = 'RUNNING'
                """).param("id", jobId).param("worker", workerId).update() == 1;
    }

    /**
     * Treats every running job whose lease has expired as a failed attempt of a dead worker.
     *
     * @return how many jobs were reaped
     */
    @Transactional
    public int reapExpired() {
        Instant now = clock.instant();
        List<Object[]> expired = jdbc.sql("""
                select id, worker_id from jobs where state = 'RUNNING' and lease_expires_at < :now
                for update skip locked
                """).param("now", JobRows.at(now))
                .query((rs, i) -> new Object[] {rs.getObject(1, UUID.class), rs.getString(2)}).list();
        for (Object[] job : expired) {
            fail((UUID) job[0], (String) job[1], "lease expired: worker " + job[1] + " stopped sending heartbeats");
        }
        return expired.size();
    }

    private boolean finish(UUID jobId, String workerId, JobState state, String error) {
        Optional<JobFinished> finished = jdbc.sql("""
                update jobs set state = :state, finished_at = :now, lease_expires_at = null,
                       last_error = coalesce(:error, last_error)
                where id = :id and worker_id = :worker and state = 'RUNNING'
                returning tenant_id, experiment_id
                """).param("state", state.name()).param("now", JobRows.at(clock.instant()))
                .param("error", truncate(error)).param("id", jobId).param("worker", workerId)
                .query((rs, i) -> new JobFinished(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), jobId,
                        state))
                .optional();
        finished.ifPresent(events::publishEvent);
        return finished.isPresent();
    }

    static String truncate(String error) {
        return error == null || error.length() <= 4000 ? error : error.substring(0, 4000) + "...";
    }
}
