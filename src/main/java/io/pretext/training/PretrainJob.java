package io.pretext.training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.augment.BatchAugmenter;
import io.pretext.training.augment.ViewTransform;
import io.pretext.training.method.Objective;
import io.pretext.training.method.Views;
import tools.jackson.databind.JsonNode;

/**
 * A self-supervised pretraining job: builds the spec's method, trains it on every sample of the
 * (unlabeled) dataset, reports loss, learning rate, samples/s and, when the spec names labeled
 * data, kNN accuracy every {@code knnEvery} epochs; checkpoints encoder, heads and momentum target.
 */
final class PretrainJob {

    private final RunContext context;

    PretrainJob(RunContext context) {
        this.context = context;
    }

    int run() throws Exception {
        JsonNode spec = context.payload().get("pretrain");
        DatasetReader reader = context.datasets();
        DatasetReader.Images data = reader.images(UUID.fromString(spec.get("dataset").asString()));
        int[] all = IntStream.range(0, data.numSamples()).toArray();
        float[][] stats = Normalization.statistics(data.pixels(), data.channels(), data.height(), data.width(), all);
        Views views = new Views(new BatchAugmenter(ViewTransform.preset(spec.path("augmentation").asString("strong"),
                data.height())), stats[0], stats[1]);
        Objective objective = Methods.create(spec, context.encoderName(), data.height(), views);
        KnnMonitor monitor = KnnSetup.monitor(context, reader);
        int knnEvery = spec.path("knnEvery").asInt(1);
        int epochs = spec.get("epochs").asInt();
        int batchSize = spec.get("batchSize").asInt();
        long seed = context.seed();
        TrainingRequest request = context.request();
        Engine.getInstance().setRandomSeed((int) seed);
        try (NDManager manager = NDManager.newBaseManager()) {
            Shape input = new Shape(2, data.channels(), data.height(), data.width());
            objective.initialize(manager, input);
            if (request.resumeFrom() != null) {
                Checkpoints.loadAll(context.store(), request.resumeFrom(), objective.checkpointBlocks(), manager);
            }
            int stepsPerEpoch = EpochLoop.stepsPerEpoch(all.length, batchSize);
            LearningRateSchedule schedule = new LearningRateSchedule(spec.path("schedule").asString("warmup-cosine"),
                    spec.at("/optimizer/lr").asDouble(), stepsPerEpoch * epochs);
            Optimization optimization = new Optimization(objective.trainable(), spec.get("optimizer"), schedule,
                    Set.of(), 1, stepsPerEpoch * request.resumeEpoch());
            if (request.resumeFrom() != null) {
                Checkpoints.loadOptimizer(context.store(), request.resumeFrom(), optimization, manager);
            }
            ModelCard card = ModelCards.of(context.encoderName(), data, stats, null, objective.encoder());
            EpochLoop loop = new EpochLoop(objective, optimization, context.control(), manager, seed);
            EpochLoop.Outcome outcome = loop.run(data, all, false, batchSize, request.resumeEpoch() + 1, epochs,
                    epoch -> { }, (epoch, metrics) -> {
                        Map<String, Double> reported = new LinkedHashMap<>(metrics);
                        if (monitor != null && (epoch % knnEvery == 0 || epoch == epochs)) {
                            reported.put("knnAccuracy", monitor.accuracy(objective.encoder(), views, manager));
                        }
                        new EpochReport(context, data.sha256(), card).finish(epoch, epochs, reported,
                                objective.checkpointBlocks(), optimization);
                    });
            return EpochReport.exitCode(context, outcome);
        }
    }
}
