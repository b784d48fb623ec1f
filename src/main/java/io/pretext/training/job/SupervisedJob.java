package io.pretext.training.job;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import ai.djl.nn.SequentialBlock;
import io.pretext.dataset.DatasetSplit;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.FinetuneSettings;
import io.pretext.training.JobKind;
import io.pretext.training.JobPayload;
import io.pretext.training.TrainingMethods;
import io.pretext.training.TrainingRequest;
import io.pretext.training.checkpoint.Checkpoints;
import io.pretext.training.child.RunContext;
import io.pretext.training.data.BatchSource;
import io.pretext.training.data.ShuffledStream;
import io.pretext.training.data.Stream;
import io.pretext.training.data.TrainingData;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.eval.ValidationListener;
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
        boolean pretrained = request.kind() == JobKind.FINETUNE && request.inputFrom() != null;
        String strategy = request.kind() == JobKind.SCRATCH ? "scratch" : spec.strategy();
        Supervision setup = Supervision.of(context, spec, pretrained);
        TrainingData data = setup.data();
        DatasetSplit split = setup.split();
        SequentialBlock encoder = setup.encoder();
        Classification objective = new Classification(encoder, Encoders.linearHead(data.classes().size()),
                setup.views());
        int epochs = spec.epochs();
        int unfreezeEvery = usesUnfreezeEvery(strategy, epochs)
                ? JobPayload.required(spec.unfreezeEvery(), "finetune.unfreezeEvery") : 0;
        BatchSource source = new ShuffledStream(data, split.train(), spec.batchSize(), context.seed(),
                Stream.INPUTS, true);
        double headLr = spec.lr().head();
        double encoderFactor = "scratch".equals(strategy) ? 1.0 : spec.lr().encoder() / headLr;
        return TrainingSkeleton.run(context, new TrainingPlan(objective, setup.inputShape(), source, epochs,
                data.sha256(), () -> setup.card().apply(encoder), setup.files(),
                manager -> {
                    if (pretrained) {
                        Checkpoints.load(context.store(), request.inputFrom() + ArtifactLayout.ENCODER, encoder,
                                manager);
                    }
                },
                (stepsPerEpoch, firstStep) -> new Optimization(objective.trainable(),
                        spec.optimizer(),
                        new LearningRateSchedule(spec.schedule(), headLr,
                                stepsPerEpoch * epochs),
                        parameterIds(encoder), encoderFactor, firstStep),
                (manager, optimization) -> List.of(
                        new Unfreezing(objective.stages(),
                                epoch -> firstTrainable(strategy, epoch, unfreezeEvery, objective)),
                        new ValidationListener(objective.network(), setup.views(), manager, data,
                                split.validation()))));
    }

    private static Set<String> parameterIds(SequentialBlock encoder) {
        Set<String> ids = new HashSet<>(encoder.getParameters().keys().size());
        encoder.getParameters().values().forEach(p -> ids.add(p.getId()));
        return ids;
    }

    /** Whether {@code strategy} reads {@code unfreezeEvery} (its definition has a default for it). */
    private static boolean usesUnfreezeEvery(String strategy, int epochs) {
        return !"scratch".equals(strategy) && TrainingMethods.get().strategy(strategy)
                .map(s -> s.defaultUnfreezeEvery(epochs) != null).orElse(false);
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
