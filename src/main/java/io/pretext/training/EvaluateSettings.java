package io.pretext.training;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Which datasets an evaluation job scores the model on (the spec's {@code evaluate} section). Immutable.
 *
 * @param datasets at least one dataset id; never null after {@link JobPayload#parse}
 * @param metrics the metrics the user asked for ({@code accuracy}, {@code macro-f1}, ...); never null after parsing
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluateSettings(List<UUID> datasets, List<String> metrics) {

    void validate() {
        if (JobPayload.required(datasets, "evaluate.datasets").isEmpty()) {
            throw new IllegalArgumentException("job payload has no evaluate.datasets");
        }
        JobPayload.required(metrics, "evaluate.metrics");
    }
}
