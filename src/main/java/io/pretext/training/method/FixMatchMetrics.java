package io.pretext.training.method;

import java.util.Map;

import io.pretext.training.loop.TrainingListener;

/**
 * FixMatch's step metrics, averaged over each epoch's steps and added to its metrics:
 * {@code labeledLoss} (cross entropy of the labeled weak views), {@code unlabeledLoss} (the masked
 * pseudo-label loss, before λu), {@code maskRate} (the share of unlabeled images whose pseudo-label
 * passed the threshold) and, when the unlabeled images carry labels, {@code pseudoLabelAccuracy}
 * (the share of passing pseudo-labels that are right, over the epoch's passing ones). Filled by
 * {@link FixMatch#loss}; not thread-safe.
 */
public final class FixMatchMetrics implements TrainingListener {

    private double labeledLoss;
    private double unlabeledLoss;
    private double maskRate;
    private int steps;
    private double right;
    private double confident;

    /**
     * One step's values.
     *
     * @param rightPseudoLabels passing pseudo-labels that are right, or NaN when the images carry no labels
     * @param passing passing pseudo-labels (mask rate × μB)
     */
    void record(double labeled, double unlabeled, double mask, double rightPseudoLabels, double passing) {
        labeledLoss += labeled;
        unlabeledLoss += unlabeled;
        maskRate += mask;
        steps++;
        if (!Double.isNaN(rightPseudoLabels)) {
            right += rightPseudoLabels;
            confident += passing;
        }
    }

    @Override
    public void onEpochStart(int epoch) {
        labeledLoss = 0;
        unlabeledLoss = 0;
        maskRate = 0;
        steps = 0;
        right = 0;
        confident = 0;
    }

    @Override
    public void onEpoch(int epoch, Map<String, Double> metrics) {
        if (steps == 0) {
            return;
        }
        metrics.put("labeledLoss", labeledLoss / steps);
        metrics.put("unlabeledLoss", unlabeledLoss / steps);
        metrics.put("maskRate", maskRate / steps);
        if (confident > 0) {
            metrics.put("pseudoLabelAccuracy", right / confident);
        }
    }
}
