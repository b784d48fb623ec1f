package io.pretext.job;

import java.util.UUID;

import io.pretext.training.JobKind;

/**
 * A job a worker has claimed and holds the lease of. Immutable.
 *
 * @param attempt this attempt's number, from 1
 * @param payload the JSON the experiment put in the job
 */
public record ClaimedJob(UUID id, UUID tenantId, UUID experimentId, JobKind kind, int attempt, int maxRestarts,
        String payload) {
}
