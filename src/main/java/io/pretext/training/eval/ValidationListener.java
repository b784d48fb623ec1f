package io.pretext.training.eval;

import java.util.Map;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import io.pretext.training.data.TrainingData;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.method.InputView;

/**
 * Adds {@code validationAccuracy} (the classifier in inference mode on the validation samples, in
 * batches of 256) to every epoch's metrics; does nothing without validation samples. Not thread-safe.
 */
public final class ValidationListener implements TrainingListener {

    private static final int BATCH = 256;

    private final Block classifier;
    private final InputView views;
    private final NDManager manager;
    private final TrainingData data;
    private final int[] validation;

    public ValidationListener(Block classifier, InputView views, NDManager manager, TrainingData data,
            int[] validation) {
        this.classifier = classifier;
        this.views = views;
        this.manager = manager;
        this.data = data;
        this.validation = validation.clone();
    }

    @Override
    public void onEpoch(int epoch, Map<String, Double> metrics) {
        if (validation.length > 0) {
            metrics.put("validationAccuracy", Evaluation.accuracy(classifier, views, manager, data, validation, BATCH));
        }
    }
}
