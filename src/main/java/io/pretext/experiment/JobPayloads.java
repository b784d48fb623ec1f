package io.pretext.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pretext.dataset.Modality;
import io.pretext.training.CheckpointPolicy;
import io.pretext.training.EvaluateSettings;
import io.pretext.training.FinetuneSettings;
import io.pretext.training.FixMatchSettings;
import io.pretext.training.LearningRates;
import io.pretext.training.OptimizerSettings;
import io.pretext.training.PretrainSettings;
import io.pretext.training.TextShape;
import io.pretext.training.TrainingMethods;
import io.pretext.training.TransformerShape;
import tools.jackson.databind.json.JsonMapper;

/**
 * Maps a normalized spec's sections onto the training module's payload records, field by field.
 * The mapping is explicit (rather than writing the spec records into the payload) because the
 * training module cannot see the experiment module's types; {@code JobPayloadContractTest} proves
 * that both write the same JSON and that no spec field is left out. Stateless.
 */
final class JobPayloads {

    private JobPayloads() {
    }

    static CheckpointPolicy checkpoint(ExperimentSpec.Checkpoint c) {
        return new CheckpointPolicy(c.everyEpochs(), c.everySteps(), c.keepLatest());
    }

    static PretrainSettings pretrain(ExperimentSpec.Pretrain p) {
        return new PretrainSettings(UUID.fromString(p.dataset()), p.method(), p.encoder(), p.epochs(), p.batchSize(),
                optimizer(p.optimizer()), p.schedule(), p.temperature(), p.augmentation(), p.queueSize(),
                p.momentum(), p.knnEvery(), p.vocabSize(), p.maxLength(), transformer(p.transformer()), p.projection(),
                p.promptTemplates(), uuid(p.zeroShotDataset()), uuid(p.imageEncoderFrom()), uuid(p.textEncoderFrom()),
                p.freezeImage(), p.freezeText());
    }

    private static UUID uuid(String id) {
        return id == null ? null : UUID.fromString(id);
    }

    static FinetuneSettings finetune(ExperimentSpec.Finetune f) {
        return new FinetuneSettings(UUID.fromString(f.dataset()), f.labelFraction(), f.labelsPerClass(),
                f.validationFraction(), f.strategy(), f.epochs(), f.batchSize(),
                f.lr() == null ? null : new LearningRates(f.lr().head(), f.lr().encoder()), f.augmentation(),
                optimizer(f.optimizer()), f.schedule(), f.unfreezeEvery(),
                f.encoderFrom() == null ? null : UUID.fromString(f.encoderFrom()), f.pooling(), f.steps(),
                fixmatch(f.fixmatch()), f.tuneRates());
    }

    private static FixMatchSettings fixmatch(ExperimentSpec.FixMatch x) {
        return x == null ? null : new FixMatchSettings(UUID.fromString(x.unlabeledDataset()), x.mu(), x.threshold(),
                x.unlabeledWeight(), x.emaDecay());
    }

    static EvaluateSettings evaluate(ExperimentSpec.Evaluate e) {
        return new EvaluateSettings(e.datasets().stream().map(UUID::fromString).toList(), e.metrics());
    }

    /**
     * The text shape of a model trained without a pretrained encoder: the pretraining's when there
     * is one, else the defaults of the registry's first text method; null for images.
     */
    static TextShape text(ExperimentSpec.Pretrain pretrained, Modality modality, JsonMapper json) {
        // An image model has no text shape, even when its pretraining (clip) had a text tower.
        if (modality != Modality.TEXT) {
            return null;
        }
        if (pretrained != null && pretrained.vocabSize() != null) {
            return new TextShape(pretrained.vocabSize(), pretrained.maxLength(), transformer(pretrained.transformer()));
        }
        // The text encoder's shape comes from the method that trains it (mlm); only its shape
        // fields are taken, so another text method's own settings cannot break the planning.
        Map<String, Object> defaults = TrainingMethods.get().method("mlm")
                .orElseThrow(() -> new IllegalStateException("the mlm method is not registered")).defaults();
        Map<String, Object> shape = new LinkedHashMap<>();
        for (String field : List.of("vocabSize", "maxLength", "transformer")) {
            shape.put(field, defaults.get(field));
        }
        return json.convertValue(shape, TextShape.class);
    }

    private static OptimizerSettings optimizer(ExperimentSpec.Optimizer o) {
        return o == null ? null : new OptimizerSettings(o.type(), o.lr(), o.weightDecay(), o.momentum());
    }

    private static TransformerShape transformer(ExperimentSpec.Transformer t) {
        return t == null ? null : new TransformerShape(t.layers(), t.width(), t.heads(), t.feedForward());
    }
}
