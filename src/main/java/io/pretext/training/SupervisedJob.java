package io.pretext.training;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import io.pretext.dataset.DatasetReader;
import io.pretext.dataset.DatasetSplit;
import io.pretext.dataset.DatasetSplitter;
import io.pretext.dataset.SplitSpec;
import io.pretext.training.augment.BatchAugmenter;
import io.pretext.training.augment.ViewTransform;
import io.pretext.training.method.Classification;
import io.pretext.training.method.Views;
import tools.jackson.databind.JsonNode;

/**
 * Supervised training on the labeled part of a split: finetuning a pretrained encoder with one of
 * the strategies {@code linear} (encoder frozen, in inference mode), {@code full} or
 * {@code gradual-unfreeze} (head, then the encoder's last stage, then all), with the encoder's
 * learning rate {@code lr.encoder} against the head's {@code lr.head}; or the from-scratch
 * baseline (all layers, the head's rate). Validation accuracy after every epoch picks the best
 * checkpoint.
 */
final class SupervisedJob {

    private final RunContext context;

    SupervisedJob(RunContext context) {
        this.context = context;
    }

    int run() throws Exception {
        JsonNode spec = context.payload().get("finetune");
        TrainingRequest request = context.request();
        DatasetReader.Images data = context.datasets().images(UUID.fromString(spec.get("dataset").asString()));
        long seed = context.seed();
        DatasetSplit split = DatasetSplitter.split(data.labels(), data.classes().size(), new SplitSpec(
                spec.hasNonNull("labelsPerClass") ? null : spec.get("labelFraction").asDouble(),
                spec.hasNonNull("labelsPerClass") ? spec.get("labelsPerClass").asInt() : null,
                spec.get("validationFraction").asDouble(), seed));
        boolean pretrained = "FINETUNE".equals(request.kind()) && request.inputFrom() != null;
        String strategy = "SCRATCH".equals(request.kind()) ? "scratch" : spec.path("strategy").asString("linear");
        // A pretrained encoder keeps the normalisation it learned with; scratch uses its own data's.
        float[][] stats = pretrained ? inputStats()
                : Normalization.statistics(data.pixels(), data.channels(), data.height(), data.width(), split.train());
        SequentialBlock encoder = Encoders.encoder(context.encoderName(), data.height());
        Views views = new Views(new BatchAugmenter(ViewTransform.preset(spec.path("augmentation").asString("weak"),
                data.height())), stats[0], stats[1]);
        Classification objective = new Classification(encoder, Encoders.linearHead(data.classes().size()), views);
        int epochs = spec.get("epochs").asInt();
        int batchSize = spec.get("batchSize").asInt();
        Engine.getInstance().setRandomSeed((int) seed);
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, new Shape(2, data.channels(), data.height(), data.width()));
            if (request.resumeFrom() != null) {
                Checkpoints.loadAll(context.store(), request.resumeFrom(), objective.checkpointBlocks(), manager);
            } else if (pretrained) {
                Checkpoints.load(context.store(), request.inputFrom() + Checkpoints.ENCODER, encoder, manager);
            }
            double headLr = spec.at("/lr/head").asDouble();
            double encoderFactor = "scratch".equals(strategy) ? 1.0 : spec.at("/lr/encoder").asDouble() / headLr;
            Set<String> encoderIds = new HashSet<>(encoder.getParameters().keys().size());
            encoder.getParameters().values().forEach(p -> encoderIds.add(p.getId()));
            int stepsPerEpoch = EpochLoop.stepsPerEpoch(split.train().length, batchSize);
            Optimization optimization = new Optimization(objective.trainable(), spec.path("optimizer"),
                    new LearningRateSchedule(spec.path("schedule").asString("warmup-cosine"), headLr,
                            stepsPerEpoch * epochs),
                    encoderIds, encoderFactor, stepsPerEpoch * request.resumeEpoch());
            if (request.resumeFrom() != null) {
                Checkpoints.loadOptimizer(context.store(), request.resumeFrom(), optimization, manager);
            }
            ModelCard card = ModelCards.of(context.encoderName(), data, stats, data.classes(), encoder);
            int unfreezeEvery = spec.path("unfreezeEvery").asInt(Math.max(1, epochs / 3));
            EpochLoop loop = new EpochLoop(objective, optimization, context.control(), manager, seed);
            EpochLoop.Outcome outcome = loop.run(data, split.train(), true, batchSize, request.resumeEpoch() + 1,
                    epochs, epoch -> objective.stages().trainFrom(firstTrainable(strategy, epoch, unfreezeEvery,
                            objective)),
                    (epoch, metrics) -> {
                        Map<String, Double> reported = new LinkedHashMap<>(metrics);
                        if (split.validation().length > 0) {
                            reported.put("validationAccuracy", Evaluation.accuracy(objective.network(), views,
                                    manager, data, split.validation(), 256));
                        }
                        new EpochReport(context, data.sha256(), card).finish(epoch, epochs, reported,
                                objective.checkpointBlocks(), optimization);
                    });
            return EpochReport.exitCode(context, outcome);
        }
    }

    /** The first encoder layer that trains in {@code epoch} under {@code strategy}. */
    static int firstTrainable(String strategy, int epoch, int unfreezeEvery, Classification objective) {
        int layers = objective.stages().layers();
        return switch (strategy) {
            case "linear" -> layers;
            case "full", "scratch" -> 0;
            case "gradual-unfreeze" -> epoch <= unfreezeEvery ? layers
                    : epoch <= 2 * unfreezeEvery ? objective.stages().lastStage() : 0;
            default -> throw new IllegalArgumentException("unknown finetune strategy " + strategy);
        };
    }

    private float[][] inputStats() throws IOException {
        try (InputStream in = context.store().get(context.request().inputFrom() + Checkpoints.META)) {
            ModelCard card = TrainedModel.cardOf(context.json().readTree(in), context.json());
            return new float[][] {card.mean(), card.std()};
        }
    }
}
