package io.pretext.training;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A supervised job's settings (the spec's {@code finetune} section, defaults filled in); the
 * scratch baseline reads it too. Non-null after {@link JobPayload#parse} unless said otherwise.
 * Immutable.
 *
 * @param dataset the labeled dataset
 * @param labelFraction the share of labels used; null when {@code labelsPerClass} is given
 * @param labelsPerClass labels used per class, or null when {@code labelFraction} is given
 * @param validationFraction the share of the labeled part held out to pick the best epoch
 * @param strategy the registered finetune strategy
 * @param epochs passes over the labeled part
 * @param batchSize samples per step
 * @param lr the head's and the encoder's base rates
 * @param augmentation the view preset: {@code strong}, {@code weak} or {@code none}
 * @param optimizer the optimizer; its {@code lr} is not used
 * @param schedule {@code constant}, {@code cosine} or {@code warmup-cosine}
 * @param unfreezeEvery epochs per unfreezing stage; null for strategies that do not unfreeze gradually
 * @param encoderFrom the experiment whose pretrained encoder this reuses, or null
 * @param pooling a text encoder's pooling ({@code mean} or {@code cls}), or null for the
 *     encoder's own ({@code mean}); null for images
 * @param steps the budget in optimizer steps (labeled batches sampled with replacement), or null
 *     when {@code epochs} is the budget
 * @param fixmatch FixMatch's settings, present exactly when {@code strategy} is {@code fixmatch}
 * @param tuneRates whether a {@code full} finetune picks its rates and weight decay on validation,
 *     as the scratch baseline does; null means false
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FinetuneSettings(UUID dataset, Double labelFraction, Integer labelsPerClass, Double validationFraction,
        String strategy, Integer epochs, Integer batchSize, LearningRates lr, String augmentation,
        OptimizerSettings optimizer, String schedule, Integer unfreezeEvery, UUID encoderFrom, String pooling,
        Integer steps, FixMatchSettings fixmatch, Boolean tuneRates) {

    void validate() {
        JobPayload.required(dataset, "finetune.dataset");
        if (labelFraction == null && labelsPerClass == null) {
            throw new IllegalArgumentException("job payload has no finetune.labelFraction or finetune.labelsPerClass");
        }
        JobPayload.required(validationFraction, "finetune.validationFraction");
        JobPayload.required(strategy, "finetune.strategy");
        JobPayload.required(epochs, "finetune.epochs");
        JobPayload.required(batchSize, "finetune.batchSize");
        JobPayload.required(lr, "finetune.lr").validate();
        JobPayload.required(augmentation, "finetune.augmentation");
        JobPayload.required(optimizer, "finetune.optimizer").validate("finetune.optimizer");
        JobPayload.required(schedule, "finetune.schedule");
        if (fixmatch != null) {
            fixmatch.validate();
        }
    }
}
