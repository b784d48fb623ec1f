package io.pretext.training.job;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import io.pretext.dataset.DatasetSplit;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.FinetuneSettings;
import io.pretext.training.FinetuneStrategy;
import io.pretext.training.JobKind;
import io.pretext.training.JobPayload;
import io.pretext.training.OptimizerSettings;
import io.pretext.training.TrainingMethods;
import io.pretext.training.TrainingRequest;
import io.pretext.training.checkpoint.Checkpoints;
import io.pretext.training.child.RunContext;
import io.pretext.training.data.BatchSource;
import io.pretext.training.data.ShuffledStream;
import io.pretext.training.data.Stream;
import io.pretext.training.data.TrainingData;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.eval.LogisticProbe;
import io.pretext.training.eval.ValidationListener;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.method.Classification;

/**
 * Supervised training on the labeled part of a split: finetuning a pretrained encoder with a
 * registered strategy ({@code linear}: the fitted probe alone, see {@link LinearProbeJob};
 * {@code lp-ft}: the probe, then everything; {@code full}; {@code gradual-unfreeze}), the encoder
 * at {@code lr.encoder} and the head at {@code lr.head} (with {@code tuneRates}, a {@code full}
 * finetune's rates and weight decay come from {@link RateGrid}, the encoder kept at the spec's ratio
 * to the head); or the from-scratch baseline (all layers, rate and weight decay picked by
 * {@link RateGrid}). The budget is {@code epochs} passes over
 * the labeled part, or with {@code steps} exactly that many optimizer steps of sampled batches cut
 * into rounds that act as epochs ({@link StepBudget}). Validation accuracy after every epoch picks
 * the best checkpoint. Each change of the trainable layers restarts the learning-rate schedule. A
 * pretrained encoder with BatchNorm keeps its running statistics while it trains
 * ({@code StagedEncoder.fixStatistics}); a scratch one learns them.
 */
public final class SupervisedJob {

    /** The scratch baseline as a strategy: everything trains from the start. */
    private static final FinetuneStrategy SCRATCH = new FinetuneStrategy() {
        @Override
        public String name() {
            return "scratch";
        }

        @Override
        public int firstTrainable(int epoch, int unfreezeEvery, int layers, int lastStage) {
            return 0;
        }
    };

    private static final String SCRATCH_RATE = "scratchLearningRate";
    private static final String SCRATCH_DECAY = "scratchWeightDecay";
    private static final String TUNED_RATE = "tunedLearningRate";
    private static final String TUNED_DECAY = "tunedWeightDecay";

    private final RunContext context;

    public SupervisedJob(RunContext context) {
        this.context = context;
    }

    public int run() throws Exception {
        FinetuneSettings spec = context.finetune();
        TrainingRequest request = context.request();
        boolean scratch = request.kind() == JobKind.SCRATCH;
        boolean pretrained = request.kind() == JobKind.FINETUNE && request.inputFrom() != null;
        FinetuneStrategy strategy = scratch ? SCRATCH : strategy(spec.strategy());
        Supervision setup = Supervision.of(context, spec, pretrained);
        TrainingData data = setup.data();
        DatasetSplit split = setup.split();
        SequentialBlock encoder = setup.encoder();
        Classification objective = new Classification(encoder, Encoders.linearHead(data.classes().size()),
                setup.views());
        TrainingPlan.InitialWeights pretrainedWeights = manager -> {
            if (pretrained) {
                Checkpoints.load(context.store(), request.inputFrom() + ArtifactLayout.ENCODER, encoder, manager);
            }
        };
        if (!strategy.trainsByGradient()) {
            return LinearProbeJob.run(context, setup, objective, pretrainedWeights);
        }
        objective.stages().fixStatistics(pretrained && hasBatchNorm(encoder));
        BatchSource source = source(spec, data, split, context.seed());
        int epochs = spec.steps() == null ? spec.epochs() : spec.steps() / source.stepsPerEpoch();
        int unfreezeEvery = unfreezeEvery(spec, strategy, epochs);
        List<Integer> restarts = restarts(strategy, epochs, unfreezeEvery, objective, source.stepsPerEpoch());

        Map<String, Double> firstEpochMetrics = new LinkedHashMap<>();
        double headLr = spec.lr().head();
        // The encoder keeps the spec's ratio to the head when a grid moves the head's rate.
        double encoderFactor = scratch ? 1.0 : spec.lr().encoder() / spec.lr().head();
        OptimizerSettings optimizer = spec.optimizer();
        boolean tuned = scratch || Boolean.TRUE.equals(spec.tuneRates());
        String rateMetric = scratch ? SCRATCH_RATE : TUNED_RATE;
        String decayMetric = scratch ? SCRATCH_DECAY : TUNED_DECAY;
        if (tuned) {
            RateScreen.Start start = !pretrained ? RateScreen.Start.AS_INITIALISED : (fresh, freshObjective, manager) -> {
                Checkpoints.load(context.store(), request.inputFrom() + ArtifactLayout.ENCODER, fresh, manager);
                freshObjective.stages().fixStatistics(hasBatchNorm(fresh));
            };
            RateGrid.Choice choice;
            try {
                choice = request.resumeFrom() != null
                        ? resumedChoice(spec, request.resumeFrom(), rateMetric, decayMetric) : null;
                if (choice == null) {
                    choice = grid(spec, setup, source, epochs, start, encoderFactor);
                }
            } catch (RateScreen.Stopped e) {
                return EpochReport.exitCode(context, e.outcome());
            }
            firstEpochMetrics.putAll(choice.metrics());
            headLr = choice.chosen().learningRate();
            optimizer = new OptimizerSettings(optimizer.type(), headLr, choice.chosen().weightDecay(),
                    optimizer.momentum());
        }
        TrainingPlan.InitialWeights initialWeights = pretrainedWeights;
        if (strategy.startsFromProbe()) {
            initialWeights = manager -> {
                pretrainedWeights.load(manager);
                objective.stages().trainFrom(objective.stages().layers());
                LogisticProbe probe = ProbeFit.fitInto(objective, setup.views(), data, split, manager);
                firstEpochMetrics.putAll(LinearProbeJob.probeMetrics(probe));
            };
        }
        double rate = headLr;
        OptimizerSettings settings = optimizer;
        Map<String, Double> everyEpochMetrics = tuned
                ? Map.of(rateMetric, headLr, decayMetric, optimizer.weightDecay()) : Map.of();
        int totalEpochs = epochs;
        return TrainingSkeleton.run(context, new TrainingPlan(objective, setup.inputShape(), source, epochs,
                data.sha256(), () -> setup.card().apply(encoder), setup.files(), initialWeights,
                (stepsPerEpoch, firstStep) -> new Optimization(objective.trainable(), settings,
                        new LearningRateSchedule(spec.schedule(), rate, stepsPerEpoch * totalEpochs, restarts),
                        parameterIds(encoder), encoderFactor, firstStep),
                (manager, optimization) -> List.of(
                        new Unfreezing(objective.stages(),
                                epoch -> firstTrainable(strategy, epoch, unfreezeEvery, objective)),
                        new ValidationListener(objective.network(), setup.views(), manager, data,
                                split.validation()),
                        TrainingListener.afterEachEpoch((epoch, metrics) -> {
                            metrics.putAll(everyEpochMetrics);
                            if (epoch == request.resumeEpoch() + 1) {
                                metrics.putAll(firstEpochMetrics);
                            }
                        }))));
    }

    /**
     * The labeled batches: shuffled passes for an {@code epochs} budget, or {@code steps} sampled
     * batches in rounds as many as the spec's epochs, as near as the steps divide.
     */
    static BatchSource source(FinetuneSettings spec, TrainingData data, DatasetSplit split, long seed) {
        if (spec.steps() == null) {
            return new ShuffledStream(data, split.train(), spec.batchSize(), seed, Stream.INPUTS, true);
        }
        int rounds = StepBudget.rounds(spec.steps(), spec.epochs());
        return new StepBudget(data, split.train(), spec.batchSize(), seed, spec.steps() / rounds);
    }

    private static FinetuneStrategy strategy(String name) {
        return TrainingMethods.get().strategy(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown finetune strategy " + name));
    }

    private static boolean hasBatchNorm(SequentialBlock encoder) {
        return encoder.getParameters().values().stream().anyMatch(p -> p.getType() == Parameter.Type.RUNNING_MEAN);
    }

    /**
     * The spec's {@code unfreezeEvery} for a strategy that reads it (0 otherwise), in the run's
     * epochs: scaled when a step budget's rounds differ in number from the spec's epochs.
     */
    private static int unfreezeEvery(FinetuneSettings spec, FinetuneStrategy strategy, int epochs) {
        if (strategy.defaultUnfreezeEvery(epochs) == null) {
            return 0;
        }
        int every = JobPayload.required(spec.unfreezeEvery(), "finetune.unfreezeEvery");
        return epochs == spec.epochs() ? every : Math.max(1, (int) Math.round((double) every * epochs / spec.epochs()));
    }

    /** The global steps where the trainable layers change: each such stage gets a fresh schedule. */
    static List<Integer> restarts(FinetuneStrategy strategy, int epochs, int unfreezeEvery, Classification objective,
            int stepsPerEpoch) {
        List<Integer> restarts = new ArrayList<>();
        for (int epoch = 2; epoch <= epochs; epoch++) {
            if (firstTrainable(strategy, epoch, unfreezeEvery, objective)
                    != firstTrainable(strategy, epoch - 1, unfreezeEvery, objective)) {
                restarts.add((epoch - 1) * stepsPerEpoch);
            }
        }
        return restarts;
    }

    private RateGrid.Choice grid(FinetuneSettings spec, Supervision setup, BatchSource source, int epochs,
            RateScreen.Start start, double encoderFactor) throws Exception {
        List<RateGrid.Candidate> candidates = RateGrid.candidates(spec.lr().head(), spec.optimizer().type());
        if (setup.split().validation().length == 0) {
            RateGrid.Candidate given = new RateGrid.Candidate(spec.lr().head(), spec.optimizer().weightDecay());
            System.err.println("rate grid: no validation samples; keeping " + given);
            return new RateGrid.Choice(given, Map.of());
        }
        int screenEpochs = Math.max(1, epochs / 3);
        RateGrid.Choice choice = RateGrid.choose(candidates,
                new RateScreen(context.seed(), context.control(), spec, setup, source, screenEpochs, start,
                        encoderFactor, new RateScreen.Reporting(context.events()::send, candidates.size(),
                                (long) epochs * source.stepsPerEpoch())));
        System.err.println("rate grid (" + screenEpochs + " of " + epochs + " epochs each): "
                + choice.accuracies() + "; chose " + choice.chosen());
        return choice;
    }

    /**
     * The rate and decay a resumed tuned run (scratch, or a finetune with {@code tuneRates}) chose
     * before its crash, from its checkpoint's metrics {@code rateMetric} and {@code decayMetric}
     * (the spec's own for a checkpoint written before there was a grid); null for a step checkpoint
     * of the first epoch, which has no epoch metrics yet, so the grid runs again.
     */
    private RateGrid.Choice resumedChoice(FinetuneSettings spec, String resumeFrom, String rateMetric,
            String decayMetric) throws IOException {
        try (InputStream in = context.store().get(resumeFrom + ArtifactLayout.META)) {
            var meta = context.json().readTree(in);
            var metrics = meta.path("metrics");
            if (meta.has("stepInEpoch") && !metrics.has(rateMetric)) {
                return null;
            }
            RateGrid.Candidate chosen = metrics.has(rateMetric) && metrics.has(decayMetric)
                    ? new RateGrid.Candidate(metrics.get(rateMetric).asDouble(),
                            metrics.get(decayMetric).asDouble())
                    : new RateGrid.Candidate(spec.lr().head(), spec.optimizer().weightDecay());
            return new RateGrid.Choice(chosen, Map.of());
        }
    }

    /** The ids of the encoder's parameters: those that train at the encoder's rate. */
    static Set<String> parameterIds(SequentialBlock encoder) {
        Set<String> ids = new HashSet<>(encoder.getParameters().keys().size());
        encoder.getParameters().values().forEach(p -> ids.add(p.getId()));
        return ids;
    }

    /** The first encoder layer that trains in {@code epoch} under the strategy called {@code strategy}. */
    static int firstTrainable(String strategy, int epoch, int unfreezeEvery, Classification objective) {
        return firstTrainable("scratch".equals(strategy) ? SCRATCH : strategy(strategy), epoch, unfreezeEvery,
                objective);
    }

    private static int firstTrainable(FinetuneStrategy strategy, int epoch, int unfreezeEvery,
            Classification objective) {
        return strategy.firstTrainable(epoch, unfreezeEvery, objective.stages().layers(),
                objective.stages().lastStage());
    }
}
