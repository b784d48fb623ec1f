package io.pretext.training;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An optimizer and its settings (the spec's {@code optimizer} sections). Immutable.
 *
 * @param type {@code sgd}, {@code adam} or {@code adamw}; never null after {@link JobPayload#parse}
 * @param lr the base learning rate; never null after parsing
 * @param weightDecay decoupled (adamw) or L2 weight decay; never null after parsing
 * @param momentum SGD's momentum; non-null for {@code sgd}, null otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OptimizerSettings(String type, Double lr, Double weightDecay, Double momentum) {

    void validate(String path) {
        JobPayload.required(type, path + ".type");
        JobPayload.required(lr, path + ".lr");
        JobPayload.required(weightDecay, path + ".weightDecay");
        if ("sgd".equals(type)) {
            JobPayload.required(momentum, path + ".momentum");
        }
    }
}
