package io.pretext.training.loop;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import io.pretext.training.child.ChildControl;
import io.pretext.training.data.ImageBatches;
import io.pretext.training.data.Shuffle;
import io.pretext.training.data.TrainingData;
import io.pretext.training.method.Objective;

/**
 * Runs epochs of minibatch training of an {@link Objective}: every step's arrays live in a
 * sub-manager and an {@link NDScope} (so nothing a step creates outlives it), the supervisor's
 * control requests are checked between steps, and each finished epoch goes to a callback (which
 * evaluates, checkpoints and reports). Batches and views are drawn from seeds derived from
 * (seed, epoch, step), so a resumed run sees the data an uninterrupted one would. Not thread-safe.
 */
public final class EpochLoop {

    /** Called before an epoch starts (e.g. to unfreeze layers). */
    public interface EpochStart {
        void starting(int epoch);
    }

    /** Called after each epoch with its training metrics. */
    public interface EpochEnd {
        void finished(int epoch, Map<String, Double> trainMetrics) throws Exception;
    }

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

    /** Optimizer steps per epoch for {@code samples} samples (a last batch of one is skipped). */
    public static int stepsPerEpoch(int samples, int batchSize) {
        return samples / batchSize + (samples % batchSize >= 2 ? 1 : 0);
    }

    public Outcome run(TrainingData data, int[] samples, boolean labeled, int batchSize, int firstEpoch,
            int lastEpoch, EpochStart start, EpochEnd end) throws Exception {
        GradMode.off(); // only the gradient collector's scope records

        int totalSteps = stepsPerEpoch(samples.length, batchSize) * lastEpoch;
        for (int epoch = firstEpoch; epoch <= lastEpoch; epoch++) {
            start.starting(epoch);
            int[] order = Shuffle.shuffled(samples, new Random(seed * 1_000_003L + epoch));
            long began = System.nanoTime();
            double lossSum = 0;
            int steps = 0;
            for (int from = 0; from < order.length; from += batchSize) {
                ChildControl.Request request = control.request();
                if (request == ChildControl.Request.STOP) {
                    return Outcome.CANCELLED;
                }
                if (request == ChildControl.Request.RELEASE) {
                    return Outcome.RELEASED;
                }
                int to = Math.min(order.length, from + batchSize);
                if (to - from < 2) {
                    continue; // BatchNorm needs two samples
                }
                double loss = step(data, order, from, to, labeled,
                        new Random(seed * 7_919L + epoch * 1_000_003L + from),
                        (double) (optimization.globalStep() + 1) / totalSteps);
                if (!Double.isFinite(loss)) {
                    // Every later step would only spread the NaN into the parameters and checkpoints.
                    throw new IllegalStateException("training diverged: the loss is " + loss + " at epoch " + epoch
                            + ", step " + (steps + 1) + "; try a lower learning rate");
                }
                lossSum += loss;
                steps++;
            }
            double seconds = (System.nanoTime() - began) / 1e9;
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("loss", steps == 0 ? Double.NaN : lossSum / steps);
            metrics.put("learningRate", optimization.learningRate());
            metrics.put("samplesPerSecond", order.length / Math.max(seconds, 1e-9));
            end.finished(epoch, metrics);
        }
        return Outcome.COMPLETED;
    }

    private double step(TrainingData data, int[] order, int from, int to, boolean labeled, Random random,
            double progress) {
        try (NDManager step = manager.newSubManager()) {
            float loss;
            try (NDScope scope = new NDScope()) {
                NDArray inputs = data.batch(step, order, from, to);
                NDArray labels = labeled ? ImageBatches.labels(step, data.labels(), order, from, to) : null;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray value = objective.loss(step, inputs, labels, random);
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
