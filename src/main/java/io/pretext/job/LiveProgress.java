package io.pretext.job;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Where a job is within its training, as its training process last reported it (every few seconds
 * while it trains). Immutable.
 *
 * @param epoch the epoch in progress, counted from 1 (within the phase, when there is one)
 * @param epochs the job's last epoch (the phase's, when there is one)
 * @param step optimizer steps done in this epoch
 * @param steps optimizer steps per epoch
 * @param samplesPerSecond training samples per second of the current attempt
 * @param etaSeconds estimated seconds until training ends, at that rate
 * @param reportedAt when it was reported
 * @param phase what the job does before its training proper, the epoch and step fields then counting
 *     within it; null (and left out of the JSON) while it trains proper and after a requeue; a job that
 *     ended during a phase keeps it
 */
@Schema(description = "Where a job is within its training, as last reported (every few seconds while it trains)",
        requiredProperties = {"epoch", "epochs", "step", "steps", "samplesPerSecond", "etaSeconds", "reportedAt"})
public record LiveProgress(int epoch, int epochs, int step, int steps, double samplesPerSecond, double etaSeconds,
        Instant reportedAt,
        @Schema(description = "What the job does before its training proper, e.g. 'rate grid: screen 3 of 6 "
                + "(lr=0.0003, wd=0)' while a tuned baseline or finetune screens its candidates; epoch, epochs, step "
                + "and steps then count within the phase, and etaSeconds to the end of the job as planned. Absent "
                + "while the job trains proper and once it is back in the queue; a job that ended during a phase keeps it.")
        @JsonInclude(JsonInclude.Include.NON_NULL) String phase) {
}
