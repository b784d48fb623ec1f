package io.pretext.job;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.pretext.web.NotFoundException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageImpl;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Enqueueing, looking up and cancelling jobs. Methods take the tenant explicitly and filter by
 * it, so another tenant's job is "not found". A queued job cancelled here is announced as a
 * {@link JobFinished} event within the transaction. Thread-safe.
 */
@Service
public class JobService {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final JobDependents dependents;
    private final ApplicationEventPublisher events;

    JobService(JdbcClient jdbc, Clock clock, JobDependents dependents, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.dependents = dependents;
        this.events = events;
    }

    /**
     * Adds a batch of jobs of one experiment, all or nothing.
     *
     * @return the jobs as written, as {@link #forExperiment} would read them back (same order and
     *     values), so a caller can answer without reading them again
     */
    @Transactional
    public List<JobView> enqueue(UUID tenantId, UUID experimentId, List<NewJob> jobs) {
        // The database keeps microseconds: what it stores is then exactly what the views say.
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        for (NewJob job : jobs) {
            jdbc.sql("""
                    insert into jobs (id, tenant_id, experiment_id, kind, state, priority, max_restarts, payload,
                                      not_before, created_at)
                    values (:id, :tenant, :experiment, :kind, 'QUEUED', :priority, :maxRestarts, :payload, :now, :now)
                    """).param("id", job.id()).param("tenant", tenantId).param("experiment", experimentId)
                    .param("kind", job.kind().name()).param("priority", job.priority())
                    .param("maxRestarts", job.maxRestarts()).param("payload", job.payload())
                    .param("now", JobRows.at(now)).update();
        }
        for (NewJob job : jobs) {
            for (UUID dependency : job.dependsOn()) {
                jdbc.sql("insert into job_dependencies (job_id, depends_on) values (:job, :dep)")
                        .param("job", job.id()).param("dep", dependency).update();
            }
        }
        return JobRows.queued(experimentId, jobs, now);
    }

    /** @throws NotFoundException when the tenant has no such job */
    @Transactional(readOnly = true)
    public JobView get(UUID tenantId, UUID jobId) {
        return jdbc.sql("select " + JobRows.COLUMNS + " from jobs j where j.id = :id and j.tenant_id = :tenant")
                .param("id", jobId).param("tenant", tenantId).query(JobRows::view).optional()
                .orElseThrow(() -> new NotFoundException("Job", jobId));
    }

    /** The jobs of one experiment, in creation order. */
    @Transactional(readOnly = true)
    public List<JobView> forExperiment(UUID tenantId, UUID experimentId) {
        return jdbc.sql("select " + JobRows.COLUMNS + " from jobs j where j.experiment_id = :experiment "
                        + "and j.tenant_id = :tenant order by j.created_at, j.kind, j.id")
                .param("experiment", experimentId).param("tenant", tenantId).query(JobRows::view).list();
    }

    /** A page of the tenant's jobs, newest first, optionally of one experiment and/or state. */
    @Transactional(readOnly = true)
    public Page<JobView> list(UUID tenantId, UUID experimentId, JobState state, Pageable pageable) {
        String where = " from jobs j where j.tenant_id = :tenant"
                + (experimentId == null ? "" : " and j.experiment_id = :experiment")
                + (state == null ? "" : " and j.state = :state");
        var count = jdbc.sql("select count(*)" + where).param("tenant", tenantId);
        var query = jdbc.sql("select " + JobRows.COLUMNS + where
                + " order by j.created_at desc, j.id limit :limit offset :offset").param("tenant", tenantId)
                .param("limit", pageable.getPageSize()).param("offset", pageable.getOffset());
        if (experimentId != null) {
            count = count.param("experiment", experimentId);
            query = query.param("experiment", experimentId);
        }
        if (state != null) {
            count = count.param("state", state.name());
            query = query.param("state", state.name());
        }
        return new PageImpl<>(query.query(JobRows::view).list(), pageable, count.query(Long.class).single());
    }

    /**
     * Cancels a job: a queued one at once (with its dependents), a running one at its worker's next
     * heartbeat. A finished job is left as it is.
     */
    @Transactional
    public JobView cancel(UUID tenantId, UUID jobId) {
        JobView job = get(tenantId, jobId);
        Instant now = clock.instant();
        if (job.state() == JobState.QUEUED) {
            if (jdbc.sql("update jobs set state = 'CANCELLED', finished_at = :now, last_error = 'cancelled by request' "
                    + "where id = :id and state = 'QUEUED'").param("id", jobId).param("now", JobRows.at(now))
                    .update() == 1) {
                events.publishEvent(new JobFinished(tenantId, job.experimentId(), jobId, JobState.CANCELLED));
            }
            dependents.cancel(jobId, "cancelled because job " + jobId + " was cancelled", now);
        } else if (job.state() == JobState.RUNNING) {
            jdbc.sql("update jobs set cancel_requested = true where id = :id and state = 'RUNNING'")
                    .param("id", jobId).update();
        }
        return get(tenantId, jobId);
    }

    /** Cancels every unfinished job of an experiment. */
    @Transactional
    public void cancelExperiment(UUID tenantId, UUID experimentId) {
        for (JobView job : forExperiment(tenantId, experimentId)) {
            if (!job.state().isFinal()) {
                cancel(tenantId, job.id());
            }
        }
    }

    /**
     * A page of the tenant's experiment ids whose jobs sum up to {@code state}
     * ({@link JobStates#summarize}), newest first.
     */
    @Transactional(readOnly = true)
    public Page<UUID> experimentsInState(UUID tenantId, JobState state, Pageable pageable) {
        String grouped = "select experiment_id, min(created_at) as created, "
                + "case when bool_or(state = 'RUNNING') then 'RUNNING' "
                + "when bool_or(state = 'QUEUED') then 'QUEUED' "
                + "when bool_or(state = 'FAILED') then 'FAILED' "
                + "when bool_or(state = 'CANCELLED') then 'CANCELLED' "
                + "else 'SUCCEEDED' end as summary "
                + "from jobs where tenant_id = :tenant group by experiment_id";
        long total = jdbc.sql("select count(*) from (" + grouped + ") g where g.summary = :state")
                .param("tenant", tenantId).param("state", state.name()).query(Long.class).single();
        List<UUID> ids = jdbc.sql("select experiment_id from (" + grouped + ") g where g.summary = :state "
                        + "order by g.created desc, g.experiment_id limit :limit offset :offset")
                .param("tenant", tenantId).param("state", state.name()).param("limit", pageable.getPageSize())
                .param("offset", pageable.getOffset()).query(UUID.class).list();
        return new PageImpl<>(ids, pageable, total);
    }

    /** True when any job of the experiment has not finished. */
    @Transactional(readOnly = true)
    public boolean hasUnfinishedJobs(UUID experimentId) {
        return jdbc.sql("select exists (select 1 from jobs where experiment_id = :id "
                        + "and state in ('QUEUED', 'RUNNING'))")
                .param("id", experimentId).query(Boolean.class).single();
    }

    /** Counts of jobs by state across all tenants, for metrics. */
    @Transactional(readOnly = true)
    public java.util.Map<JobState, Long> countByState() {
        java.util.Map<JobState, Long> counts = new java.util.EnumMap<>(JobState.class);
        for (JobState s : JobState.values()) {
            counts.put(s, 0L);
        }
        jdbc.sql("select state, count(*) from jobs group by state")
                .query((rs, i) -> counts.put(JobState.valueOf(rs.getString(1)), rs.getLong(2))).list();
        return counts;
    }
}
