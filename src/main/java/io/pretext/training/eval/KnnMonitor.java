package io.pretext.training.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Block;
import io.pretext.training.data.TrainingData;
import io.pretext.training.loop.GradMode;
import io.pretext.training.method.InputView;
import io.pretext.training.ops.Forward;
import io.pretext.training.ops.Vectors;

/**
 * kNN accuracy of an encoder's features, as in Lightly's benchmarks and Wu et al. 2018: every query
 * votes over its {@code k} most cosine-similar bank samples with weights
 * {@code exp(similarity / temperature)}. A cheap monitor of representation quality during
 * pretraining that needs no training. Not thread-safe.
 */
public final class KnnMonitor {

    static final int K = 200;
    static final double TEMPERATURE = 0.1;
    private static final int CHUNK = 512;

    private final TrainingData bank;
    private final int[] bankSamples;
    private final TrainingData queries;
    private final int[] querySamples;
    private final int classes;

    public KnnMonitor(TrainingData bank, int[] bankSamples, TrainingData queries, int[] querySamples) {
        this.bank = bank;
        this.bankSamples = bankSamples;
        this.queries = queries;
        this.querySamples = querySamples;
        this.classes = bank.classes().size();
    }

    /** Top-1 kNN accuracy in [0, 1] of {@code encoder} in inference mode. */
    public double accuracy(Block encoder, InputView views, NDManager parent) {
        GradMode.off();
        try (NDManager manager = parent.newSubManager(); NDScope scope = new NDScope()) {
            NDArray bankFeatures = features(encoder, views, manager, bank, bankSamples);
            NDScope.unregister(bankFeatures);
            int k = Math.min(K, bankSamples.length);
            int correct = 0;
            for (int from = 0; from < querySamples.length; from += CHUNK) {
                int to = Math.min(querySamples.length, from + CHUNK);
                try (NDScope chunkScope = new NDScope()) {
                    NDArray q = features(encoder, views, manager, queries, slice(querySamples, from, to));
                    NDList top = q.matMul(bankFeatures.transpose()).topK(k, 1, true, true);
                    float[] similarity = top.get(0).toFloatArray();
                    long[] neighbour = top.get(1).toType(ai.djl.ndarray.types.DataType.INT64, false).toLongArray();
                    for (int i = 0; i < to - from; i++) {
                        double[] votes = new double[classes];
                        for (int j = 0; j < k; j++) {
                            int label = bank.labels()[bankSamples[(int) neighbour[i * k + j]]];
                            votes[label] += Math.exp(similarity[i * k + j] / TEMPERATURE);
                        }
                        if (Vectors.argMax(votes) == queries.labels()[querySamples[from + i]]) {
                            correct++;
                        }
                    }
                }
            }
            return (double) correct / querySamples.length;
        }
    }

    private static NDArray features(Block encoder, InputView views, NDManager manager, TrainingData data,
            int[] samples) {
        NDArray[] parts = new NDArray[(samples.length + CHUNK - 1) / CHUNK];
        for (int from = 0, i = 0; from < samples.length; from += CHUNK, i++) {
            // Each chunk's activations are freed at once; only its normalised features survive.
            try (NDScope chunk = new NDScope()) {
                NDArray inputs = views.plain(manager, data.batch(manager, samples, from,
                        Math.min(samples.length, from + CHUNK)));
                parts[i] = Vectors.l2Normalize(Forward.inference(encoder, manager, inputs));
                NDScope.unregister(parts[i]);
            }
        }
        if (parts.length == 1) {
            return parts[0];
        }
        NDArray all = ai.djl.ndarray.NDArrays.concat(new NDList(parts));
        for (NDArray part : parts) {
            part.close();
        }
        return all;
    }

    private static int[] slice(int[] samples, int from, int to) {
        return java.util.Arrays.copyOfRange(samples, from, to);
    }
}
