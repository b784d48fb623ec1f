package io.pretext.experiment;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import io.pretext.dataset.DatasetCatalog;
import io.pretext.dataset.DatasetInfo;
import io.pretext.dataset.Modality;
import io.pretext.training.PretrainingMethod;
import io.pretext.training.TrainingMethods;
import io.pretext.web.FieldError;
import io.pretext.web.NotFoundException;
import io.pretext.web.ValidationException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rules that span fields and datasets: what must be there, what goes together, and that every
 * dataset exists for this tenant (404 naming the field) with the right modality and labels (400).
 * Which method, encoder and method settings suit which modality is the training registry's
 * ({@link TrainingMethods}). Thread-safe.
 */
@Component
class SpecValidator {

    private final DatasetCatalog datasets;
    private final JsonMapper json;

    SpecValidator(DatasetCatalog datasets, JsonMapper json) {
        this.datasets = datasets;
        this.json = json;
    }

    /**
     * @return the modality every dataset of the spec holds
     * @throws ValidationException (400) naming each field at fault, (404) naming each missing dataset
     */
    Modality validate(ExperimentSpec spec) {
        return validate(spec, null);
    }

    /**
     * @param reused the pretraining {@code finetune.encoderFrom} names (resolved), or null: its
     *     encoder must suit the finetune dataset, and its dataset is FixMatch's default unlabeled pool
     */
    Modality validate(ExperimentSpec spec, ExperimentSpec.Pretrain reused) {
        List<FieldError> errors = new ArrayList<>();
        if (spec.pretrain() == null && spec.finetune() == null) {
            errors.add(new FieldError("pretrain", "give pretrain, finetune or both"));
        }
        if (spec.finetune() != null && spec.finetune().labelFraction() != null
                && spec.finetune().labelsPerClass() != null) {
            errors.add(new FieldError("finetune.labelsPerClass", "give labelFraction or labelsPerClass, not both"));
        }
        if ("scratch".equals(spec.baseline()) && spec.finetune() == null) {
            errors.add(new FieldError("baseline", "a scratch baseline needs a finetune section (its labels)"));
        }
        if (spec.baseline() != null && spec.baselines() != null
                && "scratch".equals(spec.baseline()) != spec.baselines().contains("scratch")) {
            errors.add(new FieldError("baselines", "disagrees with baseline " + spec.baseline()
                    + "; give baselines alone"));
        }
        if (spec.baselines() != null && !spec.baselines().isEmpty() && spec.finetune() == null) {
            errors.add(new FieldError("baselines", "baselines need a finetune section (their labels)"));
        }
        boolean fixmatch = spec.finetune() != null && "fixmatch".equals(spec.finetune().strategy());
        if (spec.finetune() != null && spec.finetune().fixmatch() != null && !fixmatch) {
            errors.add(new FieldError("finetune.fixmatch", "only applies to strategy fixmatch"));
        }
        if (spec.finetune() != null && Boolean.TRUE.equals(spec.finetune().tuneRates())
                && !"full".equals(spec.finetune().strategy())) {
            errors.add(new FieldError("finetune.tuneRates", "only applies to strategy full (give \"strategy\": \"full\")"));
        }
        if (spec.checkpoint() != null && spec.checkpoint().everySteps() != null && spec.checkpoint().everySteps() < 1) {
            errors.add(new FieldError("checkpoint.everySteps", "must be at least 1 (optimizer steps between checkpoints)"));
        }
        if (spec.pretrain() != null && spec.finetune() != null && spec.finetune().encoderFrom() != null) {
            errors.add(new FieldError("finetune.encoderFrom", "give a pretrain section or encoderFrom, not both"));
        }
        ExperimentSpec.Transformer transformer = spec.pretrain() == null ? null : spec.pretrain().transformer();
        if (transformer != null && transformer.width() != null && transformer.heads() != null
                && transformer.width() % transformer.heads() != 0) {
            errors.add(new FieldError("pretrain.transformer.heads", "width " + transformer.width()
                    + " is not divisible by " + transformer.heads() + " heads"));
        }
        if (spec.pretrain() != null) {
            TrainingMethods.reserved(spec.pretrain().method()).ifPresent(reason ->
                    errors.add(new FieldError("pretrain.method", spec.pretrain().method() + " " + reason)));
        }
        throwIf(400, errors);

        List<FieldError> missing = new ArrayList<>();
        DatasetInfo pretrain = spec.pretrain() == null ? null : find(spec.pretrain().dataset(), "pretrain.dataset", missing);
        DatasetInfo finetune = spec.finetune() == null ? null : find(spec.finetune().dataset(), "finetune.dataset", missing);
        // FixMatch's pool: the one named, else (as the defaults will fill in) the pretraining's dataset.
        String unlabeledId = !fixmatch ? null : spec.finetune().fixmatch() != null
                && spec.finetune().fixmatch().unlabeledDataset() != null ? spec.finetune().fixmatch().unlabeledDataset()
                : spec.pretrain() != null ? spec.pretrain().dataset() : reused != null ? reused.dataset() : null;
        DatasetInfo unlabeled = unlabeledId == null ? null
                : find(unlabeledId, "finetune.fixmatch.unlabeledDataset", missing);
        DatasetInfo zeroShot = spec.pretrain() == null || spec.pretrain().zeroShotDataset() == null ? null
                : find(spec.pretrain().zeroShotDataset(), "pretrain.zeroShotDataset", missing);
        List<DatasetInfo> evaluate = new ArrayList<>();
        if (spec.evaluate() != null) {
            for (int i = 0; i < spec.evaluate().datasets().size(); i++) {
                evaluate.add(find(spec.evaluate().datasets().get(i), "evaluate.datasets[" + i + "]", missing));
            }
        }
        throwIf(404, missing);

        if (pretrain != null) {
            checkModality(pretrain, spec.pretrain(), errors);
            ClipSpecRules.check(spec.pretrain(), pretrain, zeroShot, errors);
        }
        Modality modality = pretrain != null ? pretrain.modality() : finetune != null ? finetune.modality() : null;
        if (finetune != null) {
            if (!finetune.labeled()) {
                errors.add(new FieldError("finetune.dataset", "dataset " + finetune.id() + " has no labels"));
            }
            if (finetune.modality() != modality) {
                errors.add(new FieldError("finetune.dataset", "holds " + finetune.modality().value()
                        + " but pretraining uses " + modality.value()));
            }
            if (spec.finetune().pooling() != null && finetune.modality() != Modality.TEXT) {
                errors.add(new FieldError("finetune.pooling", "only applies to text datasets"));
            }
            if (reused != null && TrainingMethods.encoderModality(reused.encoder())
                    .filter(m -> m != finetune.modality()).isPresent()) {
                errors.add(new FieldError("finetune.encoderFrom", "its encoder " + reused.encoder()
                        + " does not read " + finetune.modality().value()));
            }
            if (fixmatch && finetune.modality() == Modality.TEXT) {
                errors.add(new FieldError("finetune.strategy", "fixmatch applies to image and audio datasets only"));
            }
        }
        if (unlabeled != null && finetune != null && !unlabeled.shape().equals(finetune.shape())) {
            errors.add(new FieldError("finetune.fixmatch.unlabeledDataset", "holds samples of shape "
                    + unlabeled.shape() + ", the finetune dataset " + finetune.shape()));
        }
        if (ClipSpecRules.evaluatesClip(spec)) {
            ClipSpecRules.checkEvaluation(pretrain, evaluate, errors);
        }
        for (int i = 0; i < evaluate.size() && !ClipSpecRules.evaluatesClip(spec); i++) {
            DatasetInfo d = evaluate.get(i);
            if (!d.labeled()) {
                errors.add(new FieldError("evaluate.datasets[" + i + "]", "dataset " + d.id() + " has no labels"));
            } else if (d.modality() != modality) {
                errors.add(new FieldError("evaluate.datasets[" + i + "]", "holds " + d.modality().value()
                        + ", not " + modality.value()));
            }
        }
        if (modality == Modality.AUDIO) {
            sameClipFormat(pretrain, finetune, evaluate, errors);
        }
        throwIf(400, errors);
        return modality;
    }

    /**
     * Audio models read clips of one rate and length, fixed when their data was uploaded: every
     * dataset of the spec must have the first one's, or a job would fail hours later.
     */
    private static void sameClipFormat(DatasetInfo pretrain, DatasetInfo finetune, List<DatasetInfo> evaluate,
            List<FieldError> errors) {
        DatasetInfo first = pretrain != null ? pretrain : finetune;
        String firstField = pretrain != null ? "pretrain.dataset" : "finetune.dataset";
        if (finetune != null && first != finetune && finetune.modality() == Modality.AUDIO
                && !finetune.shape().equals(first.shape())) {
            errors.add(new FieldError("finetune.dataset", clips(finetune) + ", " + firstField + " " + clips(first)));
        }
        for (int i = 0; i < evaluate.size(); i++) {
            DatasetInfo d = evaluate.get(i);
            if (d.modality() == Modality.AUDIO && !d.shape().equals(first.shape())) {
                errors.add(new FieldError("evaluate.datasets[" + i + "]", clips(d) + ", " + firstField + " "
                        + clips(first)));
            }
        }
    }

    private static String clips(DatasetInfo audio) {
        List<Integer> shape = audio.shape();
        return "holds clips of " + shape.get(1) + " samples at " + shape.get(0) + " Hz";
    }

    private void checkModality(DatasetInfo dataset, ExperimentSpec.Pretrain pretrain, List<FieldError> errors) {
        Modality modality = dataset.modality();
        TrainingMethods registry = TrainingMethods.get();
        registry.method(pretrain.method()).filter(m -> !m.modalities().contains(modality)).ifPresent(m ->
                errors.add(new FieldError("pretrain.method", m.name() + " does not apply to a " + modality.value()
                        + " dataset")));
        // No encoder: the defaults pick the method's.
        if (pretrain.encoder() != null && TrainingMethods.encoderModality(pretrain.encoder())
                .filter(m -> m == modality).isEmpty()) {
            errors.add(new FieldError("pretrain.encoder", pretrain.encoder() + " does not apply to a "
                    + modality.value() + " dataset"));
        }
        // A method's own settings make sense on its modality's data only.
        JsonNode given = json.valueToTree(pretrain);
        settingModalities(registry).forEach((field, modalities) -> {
            if (given.hasNonNull(field) && !modalities.contains(modality)) {
                errors.add(new FieldError("pretrain." + field, "only applies to " + modalities.stream()
                        .map(Modality::value).sorted().collect(Collectors.joining(" or ")) + " datasets"));
            }
        });
    }

    /** For each setting some method declares, the modalities of the methods that declare it. */
    private static Map<String, Set<Modality>> settingModalities(TrainingMethods registry) {
        Map<String, Set<Modality>> modalities = new TreeMap<>();
        for (PretrainingMethod method : registry.methods()) {
            method.defaults().keySet().forEach(field -> modalities
                    .computeIfAbsent(field, f -> EnumSet.noneOf(Modality.class)).addAll(method.modalities()));
        }
        return modalities;
    }

    private DatasetInfo find(String id, String field, List<FieldError> missing) {
        try {
            return datasets.get(UUID.fromString(id));
        } catch (NotFoundException e) {
            missing.add(new FieldError(field, "dataset " + id + " not found"));
            return null;
        }
    }

    private static void throwIf(int status, List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationException(status, "Invalid experiment spec: " + errors.size() + " problem(s)", errors);
        }
    }
}
