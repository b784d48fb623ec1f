package io.pretext.training.job;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import io.pretext.dataset.DatasetSplit;
import io.pretext.training.FinetuneSettings;
import io.pretext.training.TrainingMethods;
import io.pretext.training.TrainingRequest;
import io.pretext.training.checkpoint.Checkpoints;
import io.pretext.training.child.RunContext;
import io.pretext.training.data.TrainingData;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.eval.Evaluation;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.method.Classification;

/**
 * Supervised training on the labeled part of a split: finetuning a pretrained encoder with one of
 * the strategies {@code linear} (encoder frozen, in inference mode), {@code full} or
 * {@code gradual-unfreeze} (head, then the encoder's last stage, then all), with the encoder's
 * learning rate {@code lr.encoder} against the head's {@code lr.head}; or the from-scratch
 * baseline (all layers, the head's rate). Validation accuracy after every epoch picks the best
 * checkpoint.
 */
public final class SupervisedJob {

    private final RunContext context;

    public SupervisedJob(RunContext context) {
        this.context = context;
    }

    public int run() throws Exception {
        FinetuneSettings spec = context.finetune();
        TrainingRequest request = context.request();
        boolean pretrained = "FINETUNE".equals(request.kind()) && request.inputFrom() != null;
        String strategy = "SCRATCH".equals(request.kind()) ? "scratch" : spec.strategy();
        Supervision setup = Supervision.of(context, spec, pretrained);
        TrainingData data = setup.data();
        DatasetSplit split = setup.split();
        SequentialBlock encoder = setup.encoder();
        Classification objective = new Classification(encoder, Encoders.linearHead(data.classes().size()),
                setup.views());
        int epochs = spec.epochs();
        int batchSize = spec.batchSize();
        long seed = context.seed();
        Engine.getInstance().setRandomSeed((int) seed);
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, setup.inputShape());
            if (request.resumeFrom() != null) {
                Checkpoints.loadAll(context.store(), request.resumeFrom(), objective.checkpointBlocks(), manager);
            } else if (pretrained) {
                Checkpoints.load(context.store(), request.inputFrom() + Checkpoints.ENCODER, encoder, manager);
            }
            double headLr = spec.lr().head();
            double encoderFactor = "scratch".equals(strategy) ? 1.0 : spec.lr().encoder() / headLr;
            Set<String> encoderIds = new HashSet<>(encoder.getParameters().keys().size());
            encoder.getParameters().values().forEach(p -> encoderIds.add(p.getId()));
            int stepsPerEpoch = EpochLoop.stepsPerEpoch(split.train().length, batchSize);
            Optimization optimization = new Optimization(objective.trainable(), context.optimizer(spec.optimizer()),
                    new LearningRateSchedule(spec.schedule(), headLr,
                            stepsPerEpoch * epochs),
                    encoderIds, encoderFactor, stepsPerEpoch * request.resumeEpoch());
            if (request.resumeFrom() != null) {
                Checkpoints.loadOptimizer(context.store(), request.resumeFrom(), optimization, manager);
            }
            EpochReport report = new EpochReport(context, data.sha256(), setup.card().apply(encoder), setup.files());
            int unfreezeEvery = spec.unfreezeEvery() == null ? 0 : spec.unfreezeEvery();
            EpochLoop loop = new EpochLoop(objective, optimization, context.control(), manager, seed);
            EpochLoop.Outcome outcome = loop.run(data, split.train(), true, batchSize, request.resumeEpoch() + 1,
                    epochs, epoch -> objective.stages().trainFrom(firstTrainable(strategy, epoch, unfreezeEvery,
                            objective)),
                    (epoch, metrics) -> {
                        Map<String, Double> reported = new LinkedHashMap<>(metrics);
                        if (split.validation().length > 0) {
                            reported.put("validationAccuracy", Evaluation.accuracy(objective.network(),
                                    setup.views(), manager, data, split.validation(), 256));
                        }
                        report.finish(epoch, epochs, reported, objective.checkpointBlocks(), optimization);
                    });
            return EpochReport.exitCode(context, outcome);
        }
    }

    /** The first encoder layer that trains in {@code epoch} under {@code strategy}. */
    static int firstTrainable(String strategy, int epoch, int unfreezeEvery, Classification objective) {
        if ("scratch".equals(strategy)) {
            return 0;
        }
        return TrainingMethods.get().strategy(strategy)
                .orElseThrow(() -> new IllegalArgumentException("unknown finetune strategy " + strategy))
                .firstTrainable(epoch, unfreezeEvery, objective.stages().layers(), objective.stages().lastStage());
    }
}
