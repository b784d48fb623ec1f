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
        long correct = 0;
        for (int from = 0; from < samples.length; from += batchSize) {
            int to = Math.min(samples.length, from + batchSize);
            try (NDManager manager = parent.newSubManager()) {
                NDArray images = ImageBatches.images(manager, data, samples, from, to);
                NDArray logits = model.forward(new ParameterStore(manager, false), new NDList(images), false)
                        .singletonOrThrow();
                NDArray predicted = logits.argMax(1);
                for (int i = from; i < to; i++) {
                    if (predicted.getLong(i - from) == data.labels()[samples[i]]) {
                        correct++;
                    }
                }
            }
        }
        return samples.length == 0 ? Double.NaN : (double) correct / samples.length;
    }
}
