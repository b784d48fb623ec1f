package io.pretext.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.pretext.dataset.DatasetReader;

/** Top-1 accuracy of a classifier in inference mode, without recording gradients. Stateless. */
final class Evaluation {

    private Evaluation() {
    }

    static double accuracy(Block model, NDManager parent, DatasetReader.Images data, int[] samples, int batchSize) {
        return scores(model, parent, data, samples, batchSize)[0];
    }

    /**
     * Top-1 accuracy and macro-F1 (the unweighted mean of per-class F1; a class never predicted and
     * never present is left out).
     *
     * @return {@code [accuracy, macroF1]}
     */
    static double[] scores(Block model, NDManager parent, DatasetReader.Images data, int[] samples, int batchSize) {
        int classes = data.classes().size();
        long[] truePositive = new long[classes];
        long[] predictedCount = new long[classes];
        long[] actualCount = new long[classes];
        long correct = 0;
        for (int from = 0; from < samples.length; from += batchSize) {
            int to = Math.min(samples.length, from + batchSize);
            try (NDManager manager = parent.newSubManager()) {
                NDArray images = ImageBatches.images(manager, data, samples, from, to);
                NDArray logits = model.forward(new ParameterStore(manager, false), new NDList(images), false)
                        .singletonOrThrow();
                NDArray predicted = logits.argMax(1);
                long[] predictions = predicted.toLongArray();
                for (int i = from; i < to; i++) {
                    int actual = data.labels()[samples[i]];
                    int guess = (int) predictions[i - from];
                    actualCount[actual]++;
                    if (guess >= 0 && guess < classes) {
                        predictedCount[guess]++;
                    }
                    if (guess == actual) {
                        correct++;
                        truePositive[actual]++;
                    }
                }
            }
        }
        double f1Sum = 0;
        int counted = 0;
        for (int c = 0; c < classes; c++) {
            if (actualCount[c] + predictedCount[c] > 0) {
                f1Sum += 2.0 * truePositive[c] / (actualCount[c] + predictedCount[c]);
                counted++;
            }
        }
        return new double[] {samples.length == 0 ? Double.NaN : (double) correct / samples.length,
            counted == 0 ? Double.NaN : f1Sum / counted};
    }
}
