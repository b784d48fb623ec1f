package io.pretext.training;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * FixMatch's settings (the spec's {@code finetune.fixmatch}, defaults filled in), non-null after
 * {@link JobPayload#parse}. Immutable.
 *
 * @param unlabeledDataset the images the unlabeled stream draws from
 * @param mu unlabeled images per labeled one in each step (μ)
 * @param threshold the confidence (max softmax probability of the weak view) a pseudo-label needs, in [0, 1]
 * @param unlabeledWeight λu, the weight of the unlabeled loss
 * @param emaDecay the decay of the weights' exponential moving average, in [0, 1)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FixMatchSettings(UUID unlabeledDataset, Integer mu, Double threshold, Double unlabeledWeight,
        Double emaDecay) {

    void validate() {
        JobPayload.required(unlabeledDataset, "finetune.fixmatch.unlabeledDataset");
        JobPayload.required(mu, "finetune.fixmatch.mu");
        JobPayload.required(threshold, "finetune.fixmatch.threshold");
        JobPayload.required(unlabeledWeight, "finetune.fixmatch.unlabeledWeight");
        JobPayload.required(emaDecay, "finetune.fixmatch.emaDecay");
    }
}
