package io.pretext.job;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.pretext.training.JobKind;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A job as the API and other modules see it. Immutable.
 *
 * @param dependsOn ids of the jobs that must succeed before this one may run
 * @param lastError the last attempt's error, or null
 * @param progress where its training is, as last reported; null before the first report and for jobs
 *     that do not train (evaluations, pixels)
 * @param cpuSeconds CPU time its training children used over all attempts so far, user plus system, in
 *     seconds; null before the first attempt ends
 */
@Schema(requiredProperties = {"id", "experimentId", "kind", "state", "priority", "attempt", "maxRestarts",
        "dependsOn", "createdAt"})
public record JobView(UUID id, UUID experimentId, JobKind kind, JobState state, int priority, int attempt,
        int maxRestarts, List<UUID> dependsOn, String workerId, Instant heartbeatAt, String lastError,
        Instant createdAt, Instant startedAt, Instant finishedAt,
        @Schema(nullable = true, description = "Where its training is, as last reported; null before the first "
                + "report and for jobs that do not train") LiveProgress progress,
        @Schema(nullable = true, description = "CPU seconds (user plus system) its training children used over all "
                + "attempts so far; null before the first attempt ends") Double cpuSeconds) {
}
