package io.pretext.experiment;

import java.util.List;

import io.pretext.experiment.ExperimentSpec.Checkpoint;
import io.pretext.experiment.ExperimentSpec.Evaluate;
import io.pretext.experiment.ExperimentSpec.Finetune;
import io.pretext.experiment.ExperimentSpec.LearningRates;
import io.pretext.experiment.ExperimentSpec.Optimizer;
import io.pretext.experiment.ExperimentSpec.Pretrain;
import io.pretext.experiment.ExperimentSpec.Transformer;

/**
 * Fills every optional field a user left out, so that the stored spec says exactly what ran.
 * Defaults follow the papers' small-scale recipes (SimCLR/MoCo temperature 0.2, BYOL momentum
 * 0.99, AdamW 1e-3 for pretraining; linear probe with head 1e-3, encoder 1e-4). Stateless.
 */
final class SpecDefaults {

    private SpecDefaults() {
    }

    static ExperimentSpec apply(ExperimentSpec s) {
        Finetune finetune = s.finetune() == null ? null : finetune(s.finetune());
        return new ExperimentSpec(s.name().trim(), or(s.seed(), 0L), or(s.priority(), 0), or(s.maxRestarts(), 3),
                checkpoint(s.checkpoint()), s.pretrain() == null ? null : pretrain(s.pretrain()), finetune,
                s.evaluate() == null ? null : new Evaluate(s.evaluate().datasets(),
                        or(s.evaluate().metrics(), List.of("accuracy", "macro-f1"))),
                or(s.baseline(), finetune != null ? "scratch" : "none"));
    }

    private static Checkpoint checkpoint(Checkpoint c) {
        return c == null ? new Checkpoint(1, null, 1)
                : new Checkpoint(c.everySteps() == null ? or(c.everyEpochs(), 1) : c.everyEpochs(), c.everySteps(),
                        or(c.keepLatest(), 1));
    }

    private static Pretrain pretrain(Pretrain p) {
        boolean text = "mlm".equals(p.method());
        boolean contrastive = "simclr".equals(p.method()) || "moco".equals(p.method());
        boolean momentumEncoder = "moco".equals(p.method()) || "byol".equals(p.method());
        return new Pretrain(p.dataset(), p.method(), or(p.encoder(), text ? "transformer-mini" : "cnn-small"),
                or(p.epochs(), 10), or(p.batchSize(), 256), optimizer(p.optimizer()),
                or(p.schedule(), "warmup-cosine"), contrastive ? or(p.temperature(), 0.2) : p.temperature(),
                or(p.augmentation(), text ? "none" : "strong"),
                "moco".equals(p.method()) ? or(p.queueSize(), 4096) : p.queueSize(),
                momentumEncoder ? or(p.momentum(), 0.99) : p.momentum(), or(p.knnEvery(), 1),
                text ? or(p.vocabSize(), 8000) : p.vocabSize(), text ? or(p.maxLength(), 128) : p.maxLength(),
                text ? transformer(p.transformer()) : p.transformer());
    }

    /** The {@code transformer-mini} preset, field by field. */
    private static Transformer transformer(Transformer t) {
        return t == null ? new Transformer(4, 128, 4, 512)
                : new Transformer(or(t.layers(), 4), or(t.width(), 128), or(t.heads(), 4), or(t.feedForward(), 512));
    }

    private static Optimizer optimizer(Optimizer o) {
        String type = o == null || o.type() == null ? "adamw" : o.type();
        return new Optimizer(type, o == null || o.lr() == null ? 1e-3 : o.lr(),
                o == null || o.weightDecay() == null ? ("adamw".equals(type) ? 1e-4 : 0.0) : o.weightDecay(),
                "sgd".equals(type) ? (o == null || o.momentum() == null ? 0.9 : o.momentum()) : null);
    }

    private static Finetune finetune(Finetune f) {
        LearningRates lr = f.lr() == null ? new LearningRates(1e-3, 1e-4)
                : new LearningRates(or(f.lr().head(), 1e-3), or(f.lr().encoder(), 1e-4));
        Double fraction = f.labelFraction() == null && f.labelsPerClass() == null ? Double.valueOf(1.0)
                : f.labelFraction();
        return new Finetune(f.dataset(), fraction, f.labelsPerClass(), or(f.validationFraction(), 0.1),
                or(f.strategy(), "linear"), or(f.epochs(), 20), or(f.batchSize(), 128), lr, or(f.augmentation(), "weak"),
                optimizer(f.optimizer()), or(f.schedule(), "warmup-cosine"),
                "gradual-unfreeze".equals(f.strategy()) ? or(f.unfreezeEvery(), Math.max(1, or(f.epochs(), 20) / 3))
                        : f.unfreezeEvery(), f.encoderFrom(), f.pooling());
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
