package io.pretext.training;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Which datasets an evaluation job scores the model on (the spec's {@code evaluate} section). Immutable.
 *
 * @param datasets at least one dataset id; never null after {@link JobPayload#parse}
 * @param metrics the metrics the user asked for ({@code accuracy}, {@code macro-f1}, ...); never null after parsing
 * @param promptTemplates a CLIP model's zero-shot prompts (its pretraining's); null for other models
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluateSettings(List<UUID> datasets, List<String> metrics, List<String> promptTemplates) {

    public EvaluateSettings(List<UUID> datasets, List<String> metrics) {
        this(datasets, metrics, null);
    }

    /** These settings with {@code templates} as the zero-shot prompts. */
    public EvaluateSettings withPromptTemplates(List<String> templates) {
        return new EvaluateSettings(datasets, metrics, templates == null ? null : List.copyOf(templates));
    }

    void validate() {
        if (JobPayload.required(datasets, "evaluate.datasets").isEmpty()) {
            throw new IllegalArgumentException("job payload has no evaluate.datasets");
        }
        JobPayload.required(metrics, "evaluate.metrics");
    }
}
