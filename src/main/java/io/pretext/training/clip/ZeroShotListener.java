package io.pretext.training.clip;

import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDManager;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.loop.TrainingListener;

/**
 * Adds {@code zeroShotAccuracy} ({@link ZeroShot#accuracy} on a labeled validation set, its
 * class names put into the prompt templates) to the metrics of every {@code every}-th epoch and of
 * the last one. Not thread-safe.
 */
public final class ZeroShotListener implements TrainingListener {

    public static final String ACCURACY = "zeroShotAccuracy";

    private final ClipModel model;
    private final DatasetReader.Images validation;
    private final List<String> templates;
    private final NDManager manager;
    private final int every;
    private final int lastEpoch;

    /**
     * @param validation labeled images with class names
     * @param manager the parent of each measurement's sub-manager
     */
    public ZeroShotListener(ClipModel model, DatasetReader.Images validation, List<String> templates,
            NDManager manager, int every, int lastEpoch) {
        if (validation.labels().length != validation.numSamples() || validation.classes().isEmpty()) {
            throw new IllegalArgumentException("the zero-shot validation set needs labels and class names");
        }
        this.model = model;
        this.validation = validation;
        this.templates = List.copyOf(templates);
        this.manager = manager;
        this.every = every;
        this.lastEpoch = lastEpoch;
    }

    @Override
    public void onEpoch(int epoch, Map<String, Double> metrics) {
        if (epoch % every == 0 || epoch == lastEpoch) {
            metrics.put(ACCURACY, ZeroShot.accuracy(model, manager, validation, templates));
        }
    }
}
