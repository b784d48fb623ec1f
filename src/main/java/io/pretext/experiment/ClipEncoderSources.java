package io.pretext.experiment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pretext.dataset.DatasetCatalog;
import io.pretext.dataset.DatasetInfo;
import io.pretext.dataset.Modality;
import io.pretext.training.JobPayload;
import io.pretext.training.TrainingMethods;
import io.pretext.web.FieldError;
import io.pretext.web.ValidationException;
import org.springframework.stereotype.Component;

/**
 * The earlier pretrainings a {@code clip} spec's towers start from: {@code imageEncoderFrom} must
 * name the caller's experiment whose pretraining succeeded with the spec's image encoder on
 * images of the same shape; {@code textEncoderFrom} one that pretrained a text encoder
 * ({@code mlm}). 404 / 409 as for {@code finetune.encoderFrom}, 400 naming the field when it does
 * not fit. Thread-safe.
 */
@Component
class ClipEncoderSources {

    private final PretrainedEncoders encoders;
    private final DatasetCatalog datasets;

    ClipEncoderSources(PretrainedEncoders encoders, DatasetCatalog datasets) {
        this.encoders = encoders;
        this.datasets = datasets;
    }

    /**
     * @param pretrain a validated spec's pretrain section, or null
     * @return the pretraining job each tower starts from, by {@link JobPayload} part; empty for none
     */
    Map<String, UUID> resolve(ExperimentSpec.Pretrain pretrain) {
        Map<String, UUID> jobs = new LinkedHashMap<>();
        if (pretrain == null || !ClipSpecRules.CLIP.equals(pretrain.method())) {
            return jobs;
        }
        List<FieldError> errors = new ArrayList<>();
        if (pretrain.imageEncoderFrom() != null) {
            String field = "pretrain.imageEncoderFrom";
            PretrainedEncoders.PretrainedEncoder source = encoders.resolve(pretrain.imageEncoderFrom(), field);
            String encoder = pretrain.encoder() != null ? pretrain.encoder()
                    : TrainingMethods.get().method(ClipSpecRules.CLIP).orElseThrow().defaultEncoder();
            DatasetInfo sourceData = datasets.get(UUID.fromString(source.pretrain().dataset()));
            DatasetInfo data = datasets.get(UUID.fromString(pretrain.dataset()));
            if (!encoder.equals(source.encoder())) {
                errors.add(new FieldError(field, "experiment " + pretrain.imageEncoderFrom() + " pretrained "
                        + source.encoder() + ", not " + encoder + ": set pretrain.encoder to " + source.encoder()));
            } else if (sourceData.modality() != Modality.IMAGE || !sourceData.shape().equals(data.shape())) {
                errors.add(new FieldError(field, "experiment " + pretrain.imageEncoderFrom() + " pretrained on "
                        + sourceData.modality().value() + " of shape " + sourceData.shape() + ", not images of shape "
                        + data.shape()));
            }
            jobs.put(JobPayload.IMAGE_TOWER, source.jobId());
        }
        if (pretrain.textEncoderFrom() != null) {
            String field = "pretrain.textEncoderFrom";
            PretrainedEncoders.PretrainedEncoder source = encoders.resolve(pretrain.textEncoderFrom(), field);
            if (TrainingMethods.encoderModality(source.encoder()).filter(m -> m == Modality.TEXT).isEmpty()) {
                errors.add(new FieldError(field, "experiment " + pretrain.textEncoderFrom() + " pretrained "
                        + source.encoder() + ", not a text encoder (pretrain one with mlm)"));
            }
            jobs.put(JobPayload.TEXT_TOWER, source.jobId());
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(400, "Invalid experiment spec: " + errors.size() + " problem(s)", errors);
        }
        return jobs;
    }
}
