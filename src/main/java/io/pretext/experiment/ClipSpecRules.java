package io.pretext.experiment;

import java.util.List;

import io.pretext.dataset.DatasetInfo;
import io.pretext.dataset.Modality;
import io.pretext.web.FieldError;

/**
 * The rules of a spec's image–text ({@code clip}) pretraining: it needs an image dataset with
 * captions; its own fields ({@code projection}, {@code promptTemplates}, {@code zeroShotDataset},
 * the tower sources and locks) make sense with it only, and the text shape ({@code vocabSize},
 * {@code maxLength}, {@code transformer}) with it or on text; a lock needs its tower's source; its
 * temperature lies in [0.01, 1] (the logit scale is clamped to at most 100); the zero-shot dataset
 * holds labeled images of the pretraining images' shape. Stateless.
 */
final class ClipSpecRules {

    static final String CLIP = "clip";

    private ClipSpecRules() {
    }

    /**
     * Adds a field error for each rule broken; {@code dataset} and {@code zeroShot} are the
     * pretraining's datasets (found), {@code zeroShot} null when none is named.
     */
    static void check(ExperimentSpec.Pretrain pretrain, DatasetInfo dataset, DatasetInfo zeroShot,
            List<FieldError> errors) {
        if (!CLIP.equals(pretrain.method())) {
            onlyForClip(pretrain.projection(), "projection", errors);
            onlyForClip(pretrain.promptTemplates(), "promptTemplates", errors);
            onlyForClip(pretrain.zeroShotDataset(), "zeroShotDataset", errors);
            onlyForClip(pretrain.imageEncoderFrom(), "imageEncoderFrom", errors);
            onlyForClip(pretrain.textEncoderFrom(), "textEncoderFrom", errors);
            onlyForClip(pretrain.freezeImage(), "freezeImage", errors);
            onlyForClip(pretrain.freezeText(), "freezeText", errors);
            if (dataset.modality() == Modality.IMAGE) {
                // clip declares the text shape for images too; the other image methods have no text.
                textOnly(pretrain.vocabSize(), "vocabSize", errors);
                textOnly(pretrain.maxLength(), "maxLength", errors);
                textOnly(pretrain.transformer(), "transformer", errors);
            }
            return;
        }
        if (Boolean.TRUE.equals(pretrain.freezeImage()) && pretrain.imageEncoderFrom() == null) {
            errors.add(new FieldError("pretrain.freezeImage", "needs pretrain.imageEncoderFrom: a locked random "
                    + "image encoder learns nothing"));
        }
        if (Boolean.TRUE.equals(pretrain.freezeText()) && pretrain.textEncoderFrom() == null) {
            errors.add(new FieldError("pretrain.freezeText", "needs pretrain.textEncoderFrom: a locked random "
                    + "text encoder learns nothing"));
        }
        if (!dataset.captioned()) {
            errors.add(new FieldError("pretrain.dataset", "dataset " + dataset.id() + " has no captions; "
                    + CLIP + " trains on image–caption pairs (upload format image-text-zip)"));
        }
        if (pretrain.temperature() != null && !(pretrain.temperature() >= 0.01 && pretrain.temperature() <= 1)) {
            errors.add(new FieldError("pretrain.temperature", "must be in [0.01, 1] for " + CLIP + ", was "
                    + pretrain.temperature()));
        }
        if (zeroShot != null) {
            if (zeroShot.modality() != Modality.IMAGE || !zeroShot.labeled()) {
                errors.add(new FieldError("pretrain.zeroShotDataset", "dataset " + zeroShot.id()
                        + " must hold labeled images (its class names become the prompts)"));
            } else if (!zeroShot.shape().equals(dataset.shape())) {
                errors.add(new FieldError("pretrain.zeroShotDataset", "holds images of shape " + zeroShot.shape()
                        + ", the pretraining dataset " + dataset.shape()));
            }
        }
    }

    /**
     * Whether the evaluation of a spec without finetuning scores its clip pretraining, which needs no
     * labels: a captioned test set is scored by retrieval, a labeled one zero-shot.
     */
    static boolean evaluatesClip(ExperimentSpec spec) {
        return spec.finetune() == null && spec.pretrain() != null && CLIP.equals(spec.pretrain().method());
    }

    /**
     * Adds a field error for each of a clip evaluation's test sets ({@code evaluate}, found) that
     * holds neither labels nor captions, or images of another shape than the pretraining's {@code dataset}.
     */
    static void checkEvaluation(DatasetInfo dataset, List<DatasetInfo> evaluate, List<FieldError> errors) {
        for (int i = 0; i < evaluate.size(); i++) {
            DatasetInfo d = evaluate.get(i);
            String field = "evaluate.datasets[" + i + "]";
            if (d.modality() != Modality.IMAGE || !d.labeled() && !d.captioned()) {
                errors.add(new FieldError(field, "dataset " + d.id() + " must hold labeled or captioned images to "
                        + "score a " + CLIP + " model (zero-shot or retrieval)"));
            } else if (!d.shape().equals(dataset.shape())) {
                errors.add(new FieldError(field, "holds images of shape " + d.shape() + ", the pretraining dataset "
                        + dataset.shape()));
            }
        }
    }

    private static void textOnly(Object value, String field, List<FieldError> errors) {
        if (value != null) {
            errors.add(new FieldError("pretrain." + field, "only applies to text datasets and to method " + CLIP));
        }
    }

    private static void onlyForClip(Object value, String field, List<FieldError> errors) {
        if (value != null) {
            errors.add(new FieldError("pretrain." + field, "only applies to method " + CLIP));
        }
    }
}
