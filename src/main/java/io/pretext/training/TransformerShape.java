package io.pretext.training;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A text encoder's shape (the spec's {@code transformer} section); {@code width} is divisible by
 * {@code heads}. All four are non-null after {@link JobPayload#parse}. Immutable.
 *
 * @param layers transformer layers
 * @param width the model dimension
 * @param heads attention heads
 * @param feedForward the feed-forward layers' hidden size
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TransformerShape(Integer layers, Integer width, Integer heads, Integer feedForward) {

    void validate(String path) {
        JobPayload.required(layers, path + ".layers");
        JobPayload.required(width, path + ".width");
        JobPayload.required(heads, path + ".heads");
        JobPayload.required(feedForward, path + ".feedForward");
    }
}
