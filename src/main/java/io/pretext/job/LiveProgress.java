package io.pretext.job;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Where a job is within its training, as its training process last reported it (every few seconds
 * while it trains). Immutable.
 *
 * @param epoch the epoch in progress, counted from 1
 * @param epochs the job's last epoch
 * @param step optimizer steps done in this epoch
 * @param steps optimizer steps per epoch
 * @param samplesPerSecond training samples per second of the current attempt
 * @param etaSeconds estimated seconds until training ends, at that rate
 * @param reportedAt when it was reported
 * @param phase what the job does before its training proper, the epoch and step fields then counting
 *     within it; null while it trains proper
 */
@Schema(description = "Where a job is within its training, as last reported (every few seconds while it trains)",
        requiredProperties = {"epoch", "epochs", "step", "steps", "samplesPerSecond", "etaSeconds", "reportedAt"})
public record LiveProgress(int epoch, int epochs, int step, int steps, double samplesPerSecond, double etaSeconds,
        Instant reportedAt,
        @Schema(description = "What the job does before its training proper, e.g. 'rate grid: screen 2 of 6 "
                + "(lr=0.001, wd=0)' while a tuned baseline or finetune screens its candidates; epoch and step then "
                + "count within it, etaSeconds counts to the end of training. Absent while it trains proper.")
        String phase) {
}
