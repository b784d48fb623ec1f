package io.pretext.training.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import io.pretext.training.data.TrainingData;
import io.pretext.training.loop.GradMode;
import io.pretext.training.method.InputView;
import io.pretext.training.ops.Forward;

/**
 * Recomputes the running statistics of an encoder's BatchNorm layers from clean images: during
 * pretraining they follow the augmented views, which inference (kNN, probing, serving) never sees.
 * Every layer's running mean and variance become the average of its batch statistics over forwards,
 * in training mode and without gradients, of the given samples without augmentation (normalised
 * as inference does), as PyTorch's cumulative average ({@code momentum=None}); the variance is the
 * engine's (unbiased) one. No parameter other than running statistics changes. Stateless.
 */
public final class BatchNormRecalibration {

    /** How many clean images the pretraining job recalibrates on, and in which batches. */
    public static final int SAMPLES = 5_000;
    public static final int BATCH = 500;

    private BatchNormRecalibration() {
    }

    /**
     * Recalibrates every BatchNorm layer of {@code encoder}; does nothing when it has none.
     *
     * @param samples indices of {@code data} to forward, in batches of {@code batchSize}
     */
    public static void recalibrate(Block encoder, InputView views, TrainingData data, int[] samples, int batchSize,
            NDManager parent) {
        List<Parameter[]> layers = new ArrayList<>();
        collect(encoder, layers);
        if (layers.isEmpty() || samples.length == 0) {
            return;
        }
        GradMode.off();
        try (NDManager manager = parent.newSubManager(); NDScope scope = new NDScope()) {
            double[][] sums = new double[layers.size() * 2][];
            double[] keep = null;
            double total = 0;
            for (int from = 0; from < samples.length; from += batchSize) {
                int to = Math.min(samples.length, from + batchSize);
                try (NDScope batchScope = new NDScope()) {
                    NDArray inputs = views.plain(manager, data.batch(manager, samples, from, to));
                    if (keep == null) {
                        keep = momentum(encoder, manager, inputs, layers);
                    }
                    // From zero, one training forward leaves (1 - momentum) x the batch statistics.
                    fill(layers, 0f);
                    Forward.training(encoder, manager, inputs);
                    double weight = to - from;
                    for (int i = 0; i < layers.size(); i++) {
                        for (int s = 0; s < 2; s++) {
                            float[] value = layers.get(i)[s].getArray().toFloatArray();
                            double[] sum = sums[2 * i + s] == null ? new double[value.length] : sums[2 * i + s];
                            for (int c = 0; c < value.length; c++) {
                                sum[c] += weight * value[c] / (1 - keep[i]);
                            }
                            sums[2 * i + s] = sum;
                        }
                    }
                    total += weight;
                }
            }
            for (int i = 0; i < layers.size(); i++) {
                for (int s = 0; s < 2; s++) {
                    double[] sum = sums[2 * i + s];
                    float[] average = new float[sum.length];
                    for (int c = 0; c < sum.length; c++) {
                        average[c] = (float) (sum[c] / total);
                    }
                    layers.get(i)[s].getArray().set(average);
                }
            }
        }
    }

    /**
     * Each layer's momentum (the weight of the old running value), which DJL does not expose: two
     * forwards of one batch from running means 0 and 1 differ by exactly that weight.
     */
    private static double[] momentum(Block encoder, NDManager manager, NDArray inputs, List<Parameter[]> layers) {
        fill(layers, 0f);
        Forward.training(encoder, manager, inputs);
        float[][] fromZero = means(layers);
        fill(layers, 1f);
        Forward.training(encoder, manager, inputs);
        float[][] fromOne = means(layers);
        double[] momentum = new double[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            momentum[i] = fromOne[i][0] - fromZero[i][0];
            if (!(momentum[i] >= 0 && momentum[i] < 1 - 1e-6)) {
                throw new IllegalStateException("BatchNorm momentum " + momentum[i] + " cannot be recalibrated");
            }
        }
        return momentum;
    }

    private static float[][] means(List<Parameter[]> layers) {
        float[][] out = new float[layers.size()][];
        for (int i = 0; i < layers.size(); i++) {
            out[i] = layers.get(i)[0].getArray().toFloatArray();
        }
        return out;
    }

    private static void fill(List<Parameter[]> layers, float value) {
        for (Parameter[] layer : layers) {
            for (Parameter p : layer) {
                float[] values = new float[Math.toIntExact(p.getArray().size())];
                Arrays.fill(values, value);
                p.getArray().set(values);
            }
        }
    }

    /** The running mean and variance of every BatchNorm layer below {@code block}, in forward order. */
    private static void collect(Block block, List<Parameter[]> layers) {
        if (block instanceof BatchNorm) {
            Parameter mean = null;
            Parameter variance = null;
            for (Parameter p : block.getDirectParameters().values()) {
                if (p.getType() == Parameter.Type.RUNNING_MEAN) {
                    mean = p;
                } else if (p.getType() == Parameter.Type.RUNNING_VAR) {
                    variance = p;
                }
            }
            if (mean != null && variance != null && mean.isInitialized()) {
                layers.add(new Parameter[] {mean, variance});
            }
            return;
        }
        for (Block child : block.getChildren().values()) {
            collect(child, layers);
        }
    }
}
