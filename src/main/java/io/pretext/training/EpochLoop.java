package io.pretext.training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;

/**
 * Runs epochs of minibatch training with everything per step scoped to a sub-manager, checks the
 * supervisor's control requests between steps, and hands each finished epoch to a callback
 * (which checkpoints and reports). Not thread-safe.
 */
final class EpochLoop {

    /** Builds one batch: inputs and labels, in {@code manager}. */
    interface BatchSource {
        NDList[] batch(NDManager manager, int[] order, int from, int to, int epoch);
    }

    /** Called after each epoch with its training metrics; returns the metrics to report. */
    interface EpochEnd {
        Map<String, Double> finished(int epoch, Map<String, Double> trainMetrics) throws Exception;
    }

    /** How the loop ended. */
    enum Outcome { COMPLETED, CANCELLED, RELEASED }

    private final Trainer trainer;
    private final ChildControl control;
    private final long seed;

    EpochLoop(Trainer trainer, ChildControl control, long seed) {
        this.trainer = trainer;
        this.control = control;
        this.seed = seed;
    }

    Outcome run(int[] samples, int batchSize, int firstEpoch, int lastEpoch, BatchSource source, EpochEnd end)
            throws Exception {
        for (int epoch = firstEpoch; epoch <= lastEpoch; epoch++) {
            int[] order = shuffled(samples, new Random(seed * 1_000_003L + epoch));
            long start = System.nanoTime();
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
                try (NDManager step = trainer.getManager().newSubManager()) {
                    NDList[] batch = source.batch(step, order, from, to, epoch);
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray loss = trainer.getLoss().evaluate(batch[1], trainer.forward(batch[0]));
                        collector.backward(loss);
                        lossSum += loss.getFloat();
                    }
                    trainer.step();
                    steps++;
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("loss", steps == 0 ? Double.NaN : lossSum / steps);
            metrics.put("samplesPerSecond", order.length / Math.max(seconds, 1e-9));
            end.finished(epoch, metrics);
        }
        return Outcome.COMPLETED;
    }

    private static int[] shuffled(int[] samples, Random random) {
        int[] order = samples.clone();
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }
}
