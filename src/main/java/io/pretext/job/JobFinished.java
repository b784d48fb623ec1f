package io.pretext.job;

import java.util.UUID;

/**
 * Published when a job reaches a final state (succeeded, failed for good, cancelled), inside the
 * transaction that makes it final: a listener that must act before anyone sees the new state (the
 * model registry, so that an experiment shown SUCCEEDED is servable) listens before commit, others
 * after it. Jobs cancelled in the same transaction as a dependency (their cascade) are not
 * announced one by one: the dependency's event stands for the transaction. Immutable.
 *
 * @param tenantId the job's tenant
 * @param experimentId the job's experiment
 * @param jobId the job
 * @param state its final state
 */
public record JobFinished(UUID tenantId, UUID experimentId, UUID jobId, JobState state) {
}
