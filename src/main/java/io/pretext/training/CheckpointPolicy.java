package io.pretext.training;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A job's checkpoint policy (the spec's {@code checkpoint} section). Immutable.
 *
 * @param everyEpochs checkpoint every this many epochs; null when only {@code everySteps} is given,
 *     which means every epoch
 * @param everySteps also checkpoint after every global optimizer step that is a multiple of this
 *     (mid-epoch step checkpoints, for resuming), or null for none
 * @param keepLatest how many of the latest checkpoints the worker keeps (the best is always kept);
 *     never null after {@link JobPayload#parse}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckpointPolicy(Integer everyEpochs, Integer everySteps, Integer keepLatest) {

    void validate() {
        JobPayload.required(keepLatest, "checkpoint.keepLatest");
        if (everyEpochs == null && everySteps == null) {
            throw new IllegalArgumentException("job payload has no checkpoint.everyEpochs or checkpoint.everySteps");
        }
    }
}
