package io.pretext.training;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A pretraining job's settings (the spec's {@code pretrain} section, defaults filled in). The
 * general fields are non-null after {@link JobPayload#parse}; a method's own settings are filled
 * from its definition's {@link PretrainingMethod#defaults()} and are null for methods that do not
 * define them, so the method reads them with {@link JobPayload#required}. Immutable.
 *
 * @param dataset the (unlabeled) dataset pretrained on
 * @param method the registered method name
 * @param encoder the encoder architecture
 * @param epochs passes over the dataset
 * @param batchSize samples per step
 * @param optimizer the optimizer, its {@code lr} the schedule's base rate
 * @param schedule {@code constant}, {@code cosine} or {@code warmup-cosine}
 * @param temperature contrastive temperature (simclr, moco), else null
 * @param augmentation the view preset: {@code strong}, {@code weak} or {@code none}
 * @param queueSize MoCo's queue of negative keys, else null
 * @param momentum the momentum target's update rate (moco, byol), else null
 * @param knnEvery epochs between kNN measurements
 * @param vocabSize the tokenizer's subwords (mlm), else null
 * @param maxLength tokens per text (mlm), else null
 * @param transformer the text encoder's shape (mlm, clip's text tower), else null
 * @param projection the shared embedding width (clip), else null
 * @param promptTemplates zero-shot prompts, each with one {@code {}} (clip), else null
 * @param zeroShotDataset a labeled image dataset for zero-shot accuracy each epoch (clip), or null
 * @param imageEncoderFrom the experiment whose image encoder clip's image tower starts from, or null
 * @param textEncoderFrom the experiment whose text encoder (and tokenizer) clip's text tower starts from, or null
 * @param freezeImage whether clip's image encoder is locked (needs imageEncoderFrom), or null (false)
 * @param freezeText whether clip's text encoder is locked (needs textEncoderFrom), or null (false)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PretrainSettings(UUID dataset, String method, String encoder, Integer epochs, Integer batchSize,
        OptimizerSettings optimizer, String schedule, Double temperature, String augmentation, Integer queueSize,
        Double momentum, Integer knnEvery, Integer vocabSize, Integer maxLength, TransformerShape transformer,
        Integer projection, List<String> promptTemplates, UUID zeroShotDataset, UUID imageEncoderFrom,
        UUID textEncoderFrom, Boolean freezeImage, Boolean freezeText) {

    void validate() {
        JobPayload.required(dataset, "pretrain.dataset");
        JobPayload.required(method, "pretrain.method");
        JobPayload.required(encoder, "pretrain.encoder");
        JobPayload.required(epochs, "pretrain.epochs");
        JobPayload.required(batchSize, "pretrain.batchSize");
        JobPayload.required(optimizer, "pretrain.optimizer").validate("pretrain.optimizer");
        JobPayload.required(schedule, "pretrain.schedule");
        JobPayload.required(augmentation, "pretrain.augmentation");
        JobPayload.required(knnEvery, "pretrain.knnEvery");
        if (transformer != null) {
            transformer.validate("pretrain.transformer");
        }
    }
}
