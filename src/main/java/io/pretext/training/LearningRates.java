package io.pretext.training;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Discriminative learning rates of finetuning (the spec's {@code finetune.lr}). Both non-null
 * after {@link JobPayload#parse}. Immutable.
 *
 * @param head the classification head's base rate
 * @param encoder the pretrained encoder's base rate
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LearningRates(Double head, Double encoder) {

    void validate() {
        JobPayload.required(head, "finetune.lr.head");
        JobPayload.required(encoder, "finetune.lr.encoder");
    }
}
