package io.pretext.training.loop;

import java.util.Map;

/**
 * Adds an epoch's training metrics: {@code loss} (the mean step loss; NaN without steps),
 * {@code learningRate} (the schedule's rate at the next step), {@code samplesPerSecond} (the
 * epoch's samples over its wall-clock time, end-of-epoch work of later listeners excluded) and
 * {@code stepsPerSecond} (the optimizer steps this epoch took over the same time: what compares
 * methods whose steps push different numbers of images, such as FixMatch's labeled and unlabeled
 * batches against a supervised step). Put it first among the listeners. Not thread-safe.
 */
public final class TrainingMetrics implements TrainingListener {

    private final Optimization optimization;
    private final int samplesPerEpoch;
    private long began;
    private double lossSum;
    private int steps;

    public TrainingMetrics(Optimization optimization, int samplesPerEpoch) {
        this.optimization = optimization;
        this.samplesPerEpoch = samplesPerEpoch;
    }

    @Override
    public void onEpochStart(int epoch) {
        began = System.nanoTime();
        lossSum = 0;
        steps = 0;
    }

    @Override
    public void onStep(int epoch, int step, double loss) {
        lossSum += loss;
        steps++;
    }

    @Override
    public void onEpoch(int epoch, Map<String, Double> metrics) {
        double seconds = (System.nanoTime() - began) / 1e9;
        metrics.put("loss", steps == 0 ? Double.NaN : lossSum / steps);
        metrics.put("learningRate", optimization.learningRate());
        metrics.put("samplesPerSecond", samplesPerEpoch / Math.max(seconds, 1e-9));
        metrics.put("stepsPerSecond", steps / Math.max(seconds, 1e-9));
    }
}
