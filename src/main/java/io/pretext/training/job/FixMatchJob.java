package io.pretext.training.job;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.nn.SequentialBlock;
import io.pretext.dataset.DatasetSplit;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.FinetuneSettings;
import io.pretext.training.FixMatchSettings;
import io.pretext.training.JobPayload;
import io.pretext.training.TrainingRequest;
import io.pretext.training.checkpoint.Checkpoints;
import io.pretext.training.child.RunContext;
import io.pretext.training.data.TrainingData;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.eval.ValidationListener;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.method.FixMatch;
import io.pretext.training.method.Views;

/**
 * Finetuning with strategy {@code fixmatch} ({@link FixMatch}), from scratch or from a pretrained
 * encoder ({@code inputFrom}): B labeled samples of the split's training part and μB unlabeled
 * samples per step, from {@code finetune.fixmatch.unlabeledDataset} (all of it; when that is the
 * finetune dataset itself, all of it but the validation part), with the weak and strong views of
 * {@link FixMatchInputs}. Step-based: {@code steps}, or
 * {@code epochs × ⌈train / B⌉} without it, cut into at most {@code epochs} equal rounds (rounded up
 * to whole rounds), each ending with validation of the averaged weights and the checkpoint policy.
 * The learning rate follows {@code schedule} over all steps, the encoder at
 * {@code lr.encoder / lr.head} of the head's rate when pretrained. Images and audio clips.
 */
public final class FixMatchJob {

    private final RunContext context;

    public FixMatchJob(RunContext context) {
        this.context = context;
    }

    public int run() throws Exception {
        FinetuneSettings spec = context.finetune();
        FixMatchSettings settings = JobPayload.required(spec.fixmatch(), "finetune.fixmatch");
        TrainingRequest request = context.request();
        boolean pretrained = request.inputFrom() != null;
        String name = context.encoderName();
        FixMatchInputs inputs = FixMatchInputs.of(context, spec, settings.unlabeledDataset(), pretrained, name);
        DatasetSplit split = inputs.split();
        TrainingData data = inputs.labeled();
        Views views = inputs.views();

        int batchSize = spec.batchSize();
        int total = spec.steps() != null ? spec.steps()
                : spec.epochs() * Math.max(1, (split.train().length + batchSize - 1) / batchSize);
        // Cut exactly as the supervised arms cut a step budget, so the arms of a comparison train as long.
        int rounds = StepBudget.rounds(total, spec.epochs());
        int stepsPerRound = total / rounds;
        int classes = inputs.classes().size();
        SequentialBlock encoder = Encoders.encoder(name, inputs.encoderSize());
        FixMatch objective = new FixMatch(encoder, Encoders.linearHead(classes), Encoders.encoder(name, inputs.encoderSize()),
                Encoders.linearHead(classes), views, settings.threshold(), settings.unlabeledWeight(),
                settings.emaDecay(), (long) rounds * stepsPerRound);
        FixMatchSource source = new FixMatchSource(data, split.train(), inputs.unlabeled(),
                inputs.unlabeledSamples(), batchSize, settings.mu(), stepsPerRound, context.seed());
        double headLr = spec.lr().head();
        double encoderFactor = pretrained ? spec.lr().encoder() / headLr : 1.0;
        return TrainingSkeleton.run(context, new TrainingPlan(objective,
                inputs.inputShape(), source, rounds, data.sha256(),
                () -> inputs.card().apply(objective.averageEncoder()), Map.of(),
                manager -> {
                    if (pretrained) {
                        Checkpoints.load(context.store(), request.inputFrom() + ArtifactLayout.ENCODER, encoder,
                                manager);
                        objective.resetAverage();
                    }
                },
                (stepsPerEpoch, firstStep) -> new Optimization(objective.trainable(), spec.optimizer(),
                        new LearningRateSchedule(spec.schedule(), headLr, stepsPerEpoch * rounds),
                        parameterIds(encoder), encoderFactor, firstStep),
                (manager, optimization) -> List.of(objective.metrics(),
                        new ValidationListener(objective.averageNetwork(), views, manager, data, split.validation()))));
    }

    private static Set<String> parameterIds(SequentialBlock encoder) {
        Set<String> ids = new HashSet<>(encoder.getParameters().keys().size());
        encoder.getParameters().values().forEach(p -> ids.add(p.getId()));
        return ids;
    }
}
