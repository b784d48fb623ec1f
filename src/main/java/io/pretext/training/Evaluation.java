package io.pretext.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.method.Views;

/** Scores a classifier in inference mode, without recording gradients. Stateless. */
final class Evaluation {

    private Evaluation() {
    }

    static double accuracy(Block model, Views views, NDManager parent, DatasetReader.Images data, int[] samples,
            int batchSize) {
        return confusion(model, views, parent, data, samples, batchSize).accuracy();
    }

    static Confusion confusion(Block model, Views views, NDManager parent, DatasetReader.Images data, int[] samples,
            int batchSize) {
        GradMode.off();
        Confusion confusion = new Confusion(data.classes().size());
        for (int from = 0; from < samples.length; from += batchSize) {
            int to = Math.min(samples.length, from + batchSize);
            try (NDManager manager = parent.newSubManager()) {
                NDArray images = views.plain(manager, ImageBatches.images(manager, data, samples, from, to));
                NDArray logits = model.forward(new ParameterStore(manager, false), new NDList(images), false)
                        .singletonOrThrow();
                long[] predictions = logits.argMax(1).toLongArray();
                for (int i = from; i < to; i++) {
                    confusion.add(data.labels()[samples[i]], (int) predictions[i - from]);
                }
            }
        }
        return confusion;
    }
}
