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
 */
@Schema(description = "Where a job is within its training, as last reported (every few seconds while it trains)",
        requiredProperties = {"epoch", "epochs", "step", "steps", "samplesPerSecond", "etaSeconds", "reportedAt"})
public record LiveProgress(int epoch, int epochs, int step, int steps, double samplesPerSecond, double etaSeconds,
        Instant reportedAt) {
}
