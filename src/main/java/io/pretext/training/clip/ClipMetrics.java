package io.pretext.training.clip;

import java.util.Map;

import io.pretext.training.loop.TrainingListener;

/**
 * CLIP's step metrics, averaged over each epoch's steps and added to its metrics:
 * {@code imageToTextAccuracy} (the share of a batch's images whose best-scoring caption is their
 * own) and {@code textToImageAccuracy} (the other way round), top-1 within the batch, so their
 * chance level is one over the batch size. Filled by {@link ClipModel#loss}; not thread-safe.
 */
public final class ClipMetrics implements TrainingListener {

    public static final String IMAGE_TO_TEXT = "imageToTextAccuracy";
    public static final String TEXT_TO_IMAGE = "textToImageAccuracy";

    private double imageToText;
    private double textToImage;
    private int steps;

    void record(double[] accuracy) {
        imageToText += accuracy[0];
        textToImage += accuracy[1];
        steps++;
    }

    @Override
    public void onEpochStart(int epoch) {
        imageToText = 0;
        textToImage = 0;
        steps = 0;
    }

    @Override
    public void onEpoch(int epoch, Map<String, Double> metrics) {
        if (steps > 0) {
            metrics.put(IMAGE_TO_TEXT, imageToText / steps);
            metrics.put(TEXT_TO_IMAGE, textToImage / steps);
        }
    }
}
