package io.pretext.training.job;

import java.util.List;
import java.util.Set;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.pretext.training.FinetuneSettings;
import io.pretext.training.OptimizerSettings;
import io.pretext.training.child.ChildControl;
import io.pretext.training.data.BatchSource;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.eval.ValidationListener;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.method.Classification;

/**
 * Screens one candidate of the scratch baseline's grid: a fresh encoder and head, initialised
 * from the run's seed (every candidate and the final run start from the same weights), trained for
 * {@code rounds} epochs of the job's own batches with a schedule of its own, scored by its best
 * validation accuracy over those epochs (how the final run's checkpoint is picked too). A run whose
 * loss stops being finite scores 0. Not thread-safe.
 */
final class ScratchScreen implements ScratchGrid.Screen {

    private final long seed;
    private final ChildControl control;
    private final FinetuneSettings spec;
    private final Supervision setup;
    private final BatchSource source;
    private final int rounds;

    /** @param control where the supervisor's stop and release requests come from */
    ScratchScreen(long seed, ChildControl control, FinetuneSettings spec, Supervision setup, BatchSource source,
            int rounds) {
        this.seed = seed;
        this.control = control;
        this.spec = spec;
        this.setup = setup;
        this.source = source;
        this.rounds = rounds;
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
    public double validationAccuracy(ScratchGrid.Candidate candidate) throws Exception {
        Engine.getInstance().setRandomSeed((int) seed);
        Classification objective = new Classification(setup.freshEncoder().get(),
                Encoders.linearHead(setup.data().classes().size()), setup.views());
        OptimizerSettings optimizer = new OptimizerSettings(spec.optimizer().type(), candidate.learningRate(),
                candidate.weightDecay(), spec.optimizer().momentum());
        double[] best = {0};
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, setup.inputShape());
            Optimization optimization = new Optimization(objective.trainable(), optimizer,
                    new LearningRateSchedule(spec.schedule(), candidate.learningRate(),
                            rounds * source.stepsPerEpoch()), Set.of(), 1.0, 0);
            List<TrainingListener> listeners = List.of(
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
            System.err.println("scratch grid: " + candidate + " diverged; scored 0");
            return 0;
        }
    }
}
