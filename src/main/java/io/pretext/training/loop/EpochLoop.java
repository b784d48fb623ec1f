package io.pretext.training.loop;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.pretext.training.child.ChildControl;
import io.pretext.training.data.Batch;
import io.pretext.training.data.BatchSource;
import io.pretext.training.method.Objective;

/**
 * Runs epochs of minibatch training of an {@link Objective} on the batches of a {@link BatchSource}:
 * every step's arrays live in a sub-manager and an {@link NDScope} (so nothing a step creates
 * outlives it), the supervisor's control requests are checked between steps, and
 * {@link TrainingListener}s, called in their list's order, do everything else (metrics, divergence
 * check, evaluation, checkpoints, unfreezing). A step's randomness (views, rotations, masks) comes
 * from a {@link Random} seeded with (seed, epoch, position of the step's first sample), and the
 * engine's generator (dropout) is reseeded from the same before every step, so a run resumed at any
 * step sees the data and draws an uninterrupted one would. Not thread-safe.
 */
public final class EpochLoop {

    /** How the loop ended. */
    public enum Outcome { COMPLETED, CANCELLED, RELEASED }

    private final Objective objective;
    private final Optimization optimization;
    private final ChildControl control;
    private final NDManager manager;
    private final long seed;

    public EpochLoop(Objective objective, Optimization optimization, ChildControl control, NDManager manager, long seed) {
        this.objective = objective;
        this.optimization = optimization;
        this.control = control;
        this.manager = manager;
        this.seed = seed;
    }


    /** Trains epochs {@code firstEpoch..lastEpoch} (1-based; above 1 when resuming). */
    public Outcome run(BatchSource source, int firstEpoch, int lastEpoch, List<? extends TrainingListener> listeners)
            throws Exception {
        return run(source, firstEpoch, 0, lastEpoch, listeners);
    }

    /**
     * Trains epochs {@code firstEpoch..lastEpoch}, the first from its step {@code firstStep} (0-based;
     * above 0 when resuming from a checkpoint taken mid-epoch): the steps before it, already taken
     * by the run that wrote the checkpoint, are skipped, and since a batch and a step's randomness
     * depend only on the seed, the epoch and the step, the rest continue exactly as they would have.
     * Listeners see {@link TrainingListener#onStart} with where it starts, then still
     * {@link TrainingListener#onEpochStart} for the resumed epoch.
     */
    public Outcome run(BatchSource source, int firstEpoch, int firstStep, int lastEpoch,
            List<? extends TrainingListener> listeners) throws Exception {
        GradMode.off(); // only the gradient collector's scope records

        int stepsPerEpoch = source.stepsPerEpoch();
        if (firstStep < 0 || firstStep > 0 && firstStep >= stepsPerEpoch) {
            throw new IllegalArgumentException("cannot start epoch " + firstEpoch + " at step " + firstStep + " of "
                    + stepsPerEpoch);
        }
        int totalSteps = stepsPerEpoch * lastEpoch;
        for (TrainingListener listener : listeners) {
            listener.onStart(firstEpoch, firstStep);
        }
        for (int epoch = firstEpoch; epoch <= lastEpoch; epoch++) {
            for (TrainingListener listener : listeners) {
                listener.onEpochStart(epoch);
            }
            for (int step = epoch == firstEpoch ? firstStep : 0; step < stepsPerEpoch; step++) {
                ChildControl.Request request = control.request();
                if (request == ChildControl.Request.STOP) {
                    return end(Outcome.CANCELLED, listeners);
                }
                if (request == ChildControl.Request.RELEASE) {
                    return end(Outcome.RELEASED, listeners);
                }
                long firstSample = (long) step * source.batchSize();
                long stepSeed = seed * 7_919L + epoch * 1_000_003L + firstSample;
                // Ops that draw from the engine's generator (dropout) draw the same after a resume.
                Engine.getInstance().setRandomSeed(Long.hashCode(stepSeed * 0x9E3779B97F4A7C15L));
                double loss = step(source, epoch, step, new Random(stepSeed),
                        (double) (optimization.globalStep() + 1) / totalSteps);
                for (TrainingListener listener : listeners) {
                    listener.onStep(epoch, step, loss);
                }
            }
            Map<String, Double> metrics = new LinkedHashMap<>();
            for (TrainingListener listener : listeners) {
                listener.onEpoch(epoch, metrics);
            }
        }
        return end(Outcome.COMPLETED, listeners);
    }

    private static Outcome end(Outcome outcome, List<? extends TrainingListener> listeners) throws Exception {
        for (TrainingListener listener : listeners) {
            listener.onEnd(outcome);
        }
        return outcome;
    }

    private double step(BatchSource source, int epoch, int step, Random random, double progress) {
        try (NDManager stepManager = manager.newSubManager()) {
            float loss;
            try (NDScope scope = new NDScope(); Batch batch = source.batch(stepManager, epoch, step)) {
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray value = objective.loss(stepManager, batch, random);
                    collector.backward(value);
                    loss = value.getFloat();
                }
            }
            // Outside the scope: the optimizer creates its state (moments) lazily on first use.
            optimization.step();
            try (NDScope scope = new NDScope()) {
                objective.afterStep(progress);
            }
            return loss;
        }
    }
}
