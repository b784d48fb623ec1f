package io.pretext.experiment;

import java.util.List;
import java.util.Map;

import io.pretext.dataset.Modality;
import io.pretext.experiment.ExperimentSpec.Checkpoint;
import io.pretext.experiment.ExperimentSpec.Evaluate;
import io.pretext.experiment.ExperimentSpec.Finetune;
import io.pretext.experiment.ExperimentSpec.FixMatch;
import io.pretext.experiment.ExperimentSpec.LearningRates;
import io.pretext.experiment.ExperimentSpec.Optimizer;
import io.pretext.experiment.ExperimentSpec.Pretrain;
import io.pretext.training.PretrainingMethod;
import io.pretext.training.TrainingMethods;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Fills every optional field a user left out, so that the stored spec says exactly what ran.
 * A method's own settings (temperature, queue size, momentum, text shapes), its encoder and its
 * augmentation come from its definition in {@link TrainingMethods}; the rest follow the papers'
 * small-scale recipes (AdamW 1e-3 for pretraining; linear probe with head 1e-3, encoder 1e-4).
 * Stateless.
 */
final class SpecDefaults {

    /** Strict, so that a method default naming no pretrain field fails instead of vanishing. */
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private static final String FIXMATCH = "fixmatch";

    /** FixMatch learns from unlabeled batches, so its budget is steps, not passes over few labels. */
    private static final int FIXMATCH_STEPS = 1000;

    private SpecDefaults() {
    }

    static ExperimentSpec apply(ExperimentSpec s) {
        return apply(s, null, null);
    }

    /**
     * @param reused the pretraining of the experiment {@code finetune.encoderFrom} names, or null:
     *     FixMatch's unlabeled images default to its dataset
     * @param modality what the spec's datasets hold, or null when not known: a method that reads
     *     several modalities (SimCLR reads images and audio) gets the encoder of this one
     */
    static ExperimentSpec apply(ExperimentSpec s, Pretrain reused, Modality modality) {
        Pretrain pretrained = s.pretrain() != null ? s.pretrain() : reused;
        Finetune finetune = s.finetune() == null ? null
                : finetune(s.finetune(), pretrained == null ? null : pretrained.dataset());
        List<String> baselines = baselines(s, finetune != null);
        return new ExperimentSpec(s.name().trim(), or(s.seed(), 0L), or(s.priority(), 0), or(s.maxRestarts(), 3),
                checkpoint(s.checkpoint()), s.pretrain() == null ? null : pretrain(s.pretrain(), modality), finetune,
                // Evaluations report metrics under the canonical (lower-case) id: name the datasets so too.
                s.evaluate() == null ? null : new Evaluate(s.evaluate().datasets().stream()
                        .map(id -> id.toLowerCase(java.util.Locale.ROOT)).toList(),
                        or(s.evaluate().metrics(), List.of("accuracy", "macro-f1"))),
                baselines.contains("scratch") ? "scratch" : "none", baselines);
    }

    /**
     * The baselines asked for: {@code baselines} when given, else what the older {@code baseline}
     * says; with neither, both {@code pixels} and {@code scratch} beside a finetune (so every result
     * has its floor and its fair comparison). Sorted and distinct, so equal asks store equally.
     */
    private static List<String> baselines(ExperimentSpec s, boolean finetunes) {
        if (s.baselines() != null) {
            return s.baselines().stream().distinct().sorted().toList();
        }
        if (s.baseline() != null) {
            return "scratch".equals(s.baseline()) ? List.of("scratch") : List.of();
        }
        return finetunes ? List.of("pixels", "scratch") : List.of();
    }

    private static Checkpoint checkpoint(Checkpoint c) {
        return c == null ? new Checkpoint(1, null, 1)
                : new Checkpoint(c.everySteps() == null ? or(c.everyEpochs(), 1) : c.everyEpochs(), c.everySteps(),
                        or(c.keepLatest(), 1));
    }

    private static Pretrain pretrain(Pretrain p, Modality modality) {
        PretrainingMethod method = TrainingMethods.get().method(p.method())
                .orElseThrow(() -> new IllegalArgumentException("no pretraining method " + p.method()));
        String encoder = modality != null && modality != method.modality() && method.modalities().contains(modality)
                ? TrainingMethods.defaultEncoder(modality) : method.defaultEncoder();
        return withDefaults(new Pretrain(p.dataset(), p.method(), or(p.encoder(), encoder),
                or(p.epochs(), 10), or(p.batchSize(), 256), optimizer(p.optimizer()),
                or(p.schedule(), "warmup-cosine"), p.temperature(), or(p.augmentation(), method.defaultAugmentation()),
                p.queueSize(), p.momentum(), or(p.knnEvery(), 1), p.vocabSize(), p.maxLength(), p.transformer(),
                p.projection(), p.promptTemplates(),
                lower(p.zeroShotDataset()), lower(p.imageEncoderFrom()), lower(p.textEncoderFrom()), p.freezeImage(),
                p.freezeText()),
                method.defaults());
    }

    /** The method's defaults in every field the user left out, field by field inside sections. */
    private static Pretrain withDefaults(Pretrain p, Map<String, Object> defaults) {
        ObjectNode tree = JSON.valueToTree(p);
        fill(tree, JSON.valueToTree(defaults));
        return JSON.treeToValue(tree, Pretrain.class);
    }

    private static void fill(ObjectNode target, ObjectNode defaults) {
        for (Map.Entry<String, JsonNode> field : defaults.properties()) {
            JsonNode given = target.get(field.getKey());
            if (given == null || given.isNull()) {
                target.set(field.getKey(), field.getValue().deepCopy());
            } else if (given instanceof ObjectNode section && field.getValue() instanceof ObjectNode sectionDefaults) {
                fill(section, sectionDefaults);
            }
        }
    }

    private static Optimizer optimizer(Optimizer o) {
        String type = o == null || o.type() == null ? "adamw" : o.type();
        return new Optimizer(type, o == null || o.lr() == null ? 1e-3 : o.lr(),
                o == null || o.weightDecay() == null ? ("adamw".equals(type) ? 1e-4 : 0.0) : o.weightDecay(),
                "sgd".equals(type) ? (o == null || o.momentum() == null ? 0.9 : o.momentum()) : null);
    }

    private static Finetune finetune(Finetune f, String pretrainDataset) {
        LearningRates lr = f.lr() == null ? new LearningRates(1e-3, 1e-4)
                : new LearningRates(or(f.lr().head(), 1e-3), or(f.lr().encoder(), 1e-4));
        Double fraction = f.labelFraction() == null && f.labelsPerClass() == null ? Double.valueOf(1.0)
                : f.labelFraction();
        return new Finetune(f.dataset(), fraction, f.labelsPerClass(), or(f.validationFraction(), 0.1),
                or(f.strategy(), "linear"), or(f.epochs(), 20), or(f.batchSize(), 128), lr, or(f.augmentation(), "weak"),
                optimizer(f.optimizer()), or(f.schedule(), "warmup-cosine"),
                or(f.unfreezeEvery(), unfreezeEvery(or(f.strategy(), "linear"), or(f.epochs(), 20))), f.encoderFrom(),
                f.pooling(), f.steps() == null && FIXMATCH.equals(f.strategy()) ? Integer.valueOf(FIXMATCH_STEPS) : f.steps(),
                FIXMATCH.equals(f.strategy()) ? fixmatch(f.fixmatch(), or(pretrainDataset, f.dataset())) : f.fixmatch(),
                or(f.tuneRates(), Boolean.FALSE));
    }

    /** FixMatch's paper defaults (μ = 7, τ = 0.95, λu = 1, EMA decay 0.999). */
    private static FixMatch fixmatch(FixMatch x, String unlabeledDefault) {
        FixMatch given = x == null ? new FixMatch(null, null, null, null, null) : x;
        return new FixMatch(or(given.unlabeledDataset(), unlabeledDefault), or(given.mu(), 7),
                or(given.threshold(), 0.95), or(given.unlabeledWeight(), 1.0), or(given.emaDecay(), 0.999));
    }

    private static Integer unfreezeEvery(String strategy, int epochs) {
        return TrainingMethods.get().strategy(strategy).map(s -> s.defaultUnfreezeEvery(epochs)).orElse(null);
    }

    private static String lower(String id) {
        return id == null ? null : id.toLowerCase(java.util.Locale.ROOT);
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
