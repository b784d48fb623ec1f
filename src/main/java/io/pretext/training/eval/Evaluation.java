package io.pretext.training.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.pretext.training.data.TrainingData;
import io.pretext.training.loop.GradMode;
import io.pretext.training.method.InputView;
import io.pretext.training.ops.Forward;

/** Scores a classifier in inference mode, without recording gradients. Stateless. */
public final class Evaluation {

    private Evaluation() {
    }

    public static double accuracy(Block model, InputView views, NDManager parent, TrainingData data, int[] samples,
            int batchSize) {
        return confusion(model, views, parent, data, samples, batchSize).accuracy();
    }

    public static Confusion confusion(Block model, InputView views, NDManager parent, TrainingData data, int[] samples,
            int batchSize) {
        GradMode.off();
        Confusion confusion = new Confusion(data.classes().size());
        for (int from = 0; from < samples.length; from += batchSize) {
            int to = Math.min(samples.length, from + batchSize);
            try (NDManager manager = parent.newSubManager()) {
                NDArray inputs = views.plain(manager, data.batch(manager, samples, from, to));
                NDArray logits = Forward.inference(model, manager, inputs);
                long[] predictions = logits.argMax(1).toLongArray();
                for (int i = from; i < to; i++) {
                    confusion.add(data.labels()[samples[i]], (int) predictions[i - from]);
                }
            }
        }
        return confusion;
    }
}
