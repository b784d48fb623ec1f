package io.pretext.training.job;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.SequentialBlock;
import io.pretext.training.ChildEvent;
import io.pretext.training.FinetuneSettings;
import io.pretext.training.OptimizerSettings;
import io.pretext.training.child.ChildControl;
import io.pretext.training.data.BatchSource;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.eval.ValidationListener;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.loop.ProgressReporter;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.method.Classification;

/**
 * Screens one candidate of a rate grid: a fresh encoder and head, initialised from the run's seed
 * and then started as the job starts ({@link Start}: as initialised for the scratch baseline, from
 * the pretrained encoder for a tuned finetune), so every candidate and the final run start from the
 * same weights; trained for {@code rounds} epochs of the job's own batches with a schedule of its
 * own, the encoder at {@code encoderFactor} times the candidate's rate, scored by its best
 * validation accuracy over those epochs (how the final run's checkpoint is picked too). A run whose
 * loss stops being finite scores 0. Each screen reports its progress as a phase of the job
 * ({@link Reporting}), so a grid that takes longer than the run it tunes is not silent. Not
 * thread-safe.
 */
final class RateScreen implements RateGrid.Screen {

    /** How a candidate's freshly initialised model starts, before it trains. */
    @FunctionalInterface
    interface Start {

        /** The scratch baseline: as initialised. */
        Start AS_INITIALISED = (encoder, objective, manager) -> { };

        void apply(SequentialBlock encoder, Classification objective, NDManager manager) throws IOException;
    }

    private final long seed;
    private final ChildControl control;
    private final FinetuneSettings spec;
    private final Supervision setup;
    private final BatchSource source;
    private final int rounds;
    private final Start start;
    private final double encoderFactor;
    private final Reporting reporting;
    private int screened;

    /**
     * Where screens report their progress, and what the time left counts.
     *
     * @param sink the child's progress channel
     * @param screens how many screens the grid plans (an edge followed outwards adds some)
     * @param stepsAfterGrid optimizer steps of the run that follows the grid
     */
    record Reporting(Consumer<ChildEvent.Progress> sink, int screens, long stepsAfterGrid) {

        /** Reports nowhere. */
        static final Reporting NONE = new Reporting(progress -> { }, 0, 0);
    }

    /** A screen of the scratch baseline: every layer at the candidate's rate, from initialised weights. */
    RateScreen(long seed, ChildControl control, FinetuneSettings spec, Supervision setup, BatchSource source,
            int rounds) {
        this(seed, control, spec, setup, source, rounds, Start.AS_INITIALISED, 1.0, Reporting.NONE);
    }

    /**
     * @param control where the supervisor's stop and release requests come from
     * @param encoderFactor the encoder's rate over the head's (the candidate's rate is the head's)
     */
    RateScreen(long seed, ChildControl control, FinetuneSettings spec, Supervision setup, BatchSource source,
            int rounds, Start start, double encoderFactor, Reporting reporting) {
        this.seed = seed;
        this.control = control;
        this.spec = spec;
        this.setup = setup;
        this.source = source;
        this.rounds = rounds;
        this.start = start;
        this.encoderFactor = encoderFactor;
        this.reporting = reporting;
    }

    /** The supervisor asked the child to stop or release during a screening. */
    static final class Stopped extends Exception {

        private final transient EpochLoop.Outcome outcome;

        Stopped(EpochLoop.Outcome outcome) {
            super("screening stopped: " + outcome);
            this.outcome = outcome;
        }

        EpochLoop.Outcome outcome() {
            return outcome;
        }
    }

    /** A non-finite loss in a screening. */
    private static final class Diverged extends RuntimeException {
        Diverged() {
            super(null, null, false, false);
        }
    }

    @Override
    public double validationAccuracy(RateGrid.Candidate candidate) throws Exception {
        screened++;
        Engine.getInstance().setRandomSeed((int) seed);
        SequentialBlock encoder = setup.freshEncoder().get();
        Classification objective = new Classification(encoder,
                Encoders.linearHead(setup.data().classes().size()), setup.views());
        OptimizerSettings optimizer = new OptimizerSettings(spec.optimizer().type(), candidate.learningRate(),
                candidate.weightDecay(), spec.optimizer().momentum());
        double[] best = {0};
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, setup.inputShape());
            start.apply(encoder, objective, manager);
            Optimization optimization = new Optimization(objective.trainable(), optimizer,
                    new LearningRateSchedule(spec.schedule(), candidate.learningRate(),
                            rounds * source.stepsPerEpoch()), SupervisedJob.parameterIds(encoder), encoderFactor, 0);
            List<TrainingListener> listeners = List.of(
                    progress(candidate),
                    new TrainingListener() {
                        @Override
                        public void onStep(int epoch, int step, double loss) {
                            if (!Double.isFinite(loss)) {
                                throw new Diverged();
                            }
                        }
                    },
                    new ValidationListener(objective.network(), setup.views(), manager, setup.data(),
                            setup.split().validation()),
                    TrainingListener.afterEachEpoch((epoch, metrics) ->
                            best[0] = Math.max(best[0], metrics.getOrDefault("validationAccuracy", 0.0))));
            EpochLoop.Outcome outcome = new EpochLoop(objective, optimization, control, manager, seed)
                    .run(source, 1, rounds, listeners);
            if (outcome != EpochLoop.Outcome.COMPLETED) {
                throw new Stopped(outcome);
            }
            return best[0];
        } catch (Diverged e) {
            System.err.println("rate grid: " + candidate + " diverged; scored 0");
            return 0;
        }
    }

    /**
     * Reports this screen as {@code rate grid: screen i of n (lr=…, wd=…)}, or {@code screen i, beyond the
     * grid's edge} for a followed edge, with the planned screens and the run after it in the time left.
     */
    private ProgressReporter progress(RateGrid.Candidate candidate) {
        int steps = source.stepsPerEpoch();
        String which = screened <= reporting.screens() ? "screen " + screened + " of " + reporting.screens()
                : "screen " + screened + ", beyond the grid's edge";
        String phase = String.format(Locale.ROOT, "rate grid: %s (lr=%s, wd=%s)", which,
                RateGrid.Candidate.format(candidate.learningRate()), RateGrid.Candidate.format(candidate.weightDecay()));
        long after = (long) Math.max(0, reporting.screens() - screened) * rounds * steps + reporting.stepsAfterGrid();
        return new ProgressReporter(reporting.sink(), System::nanoTime, TrainingSkeleton.PROGRESS_INTERVAL, rounds,
                steps, (double) source.samplesPerEpoch() / steps, phase, after);
    }
}
