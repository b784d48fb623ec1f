package io.pretext.job;

import java.util.List;
import java.util.UUID;

import io.pretext.training.JobKind;

/**
 * A job to enqueue. Immutable.
 *
 * @param id chosen by the caller so that dependencies within one batch can name each other
 * @param payload JSON telling the worker what to run
 * @param dependsOn ids of jobs (in the same batch or earlier) that must succeed first
 */
public record NewJob(UUID id, JobKind kind, int priority, int maxRestarts, String payload, List<UUID> dependsOn) {
}
