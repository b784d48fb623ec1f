package io.pretext.training.job;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.pretext.training.PretrainSettings;
import io.pretext.training.TrainingRequest;
import io.pretext.training.checkpoint.Checkpoints;
import io.pretext.training.child.RunContext;
import io.pretext.training.data.TrainingData;
import io.pretext.training.eval.KnnMonitor;
import io.pretext.training.eval.KnnSetup;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.method.Objective;

/**
 * A self-supervised pretraining job: builds the spec's method (an image pretext task, or masked
 * language modelling for text), trains it on every sample of the (unlabeled) dataset, reports
 * loss, learning rate, samples/s and, when the spec names labeled data, kNN accuracy every
 * {@code knnEvery} epochs; checkpoints encoder, heads, momentum target and a text model's tokenizer.
 */
public final class PretrainJob {

    private final RunContext context;

    public PretrainJob(RunContext context) {
        this.context = context;
    }

    public int run() throws Exception {
        PretrainSettings spec = context.pretrain();
        Pretraining setup = Pretraining.of(context, spec);
        TrainingData data = setup.data();
        Objective objective = setup.objective();
        KnnMonitor monitor = KnnSetup.monitor(context, setup.knnData());
        int knnEvery = spec.knnEvery();
        int epochs = spec.epochs();
        int batchSize = spec.batchSize();
        long seed = context.seed();
        TrainingRequest request = context.request();
        Engine.getInstance().setRandomSeed((int) seed);
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, setup.inputShape());
            if (request.resumeFrom() != null) {
                Checkpoints.loadAll(context.store(), request.resumeFrom(), objective.checkpointBlocks(), manager);
            }
            int[] all = IntStream.range(0, data.size()).toArray();
            int stepsPerEpoch = EpochLoop.stepsPerEpoch(all.length, batchSize);
            LearningRateSchedule schedule = new LearningRateSchedule(spec.schedule(),
                    spec.optimizer().lr(), stepsPerEpoch * epochs);
            Optimization optimization = new Optimization(objective.trainable(), context.optimizer(spec.optimizer()),
                    schedule, Set.of(), 1, stepsPerEpoch * request.resumeEpoch());
            if (request.resumeFrom() != null) {
                Checkpoints.loadOptimizer(context.store(), request.resumeFrom(), optimization, manager);
            }
            EpochReport report = new EpochReport(context, data.sha256(), setup.card().get(), setup.files());
            EpochLoop loop = new EpochLoop(objective, optimization, context.control(), manager, seed);
            EpochLoop.Outcome outcome = loop.run(data, all, false, batchSize, request.resumeEpoch() + 1, epochs,
                    epoch -> { }, (epoch, metrics) -> {
                        Map<String, Double> reported = new LinkedHashMap<>(metrics);
                        if (monitor != null && (epoch % knnEvery == 0 || epoch == epochs)) {
                            reported.put("knnAccuracy", monitor.accuracy(objective.encoder(), setup.views(), manager));
                        }
                        report.finish(epoch, epochs, reported, objective.checkpointBlocks(), optimization);
                    });
            return EpochReport.exitCode(context, outcome);
        }
    }
}
