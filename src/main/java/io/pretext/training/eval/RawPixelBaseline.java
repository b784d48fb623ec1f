package io.pretext.training.eval;

import java.util.LinkedHashMap;
import java.util.Map;

import io.pretext.dataset.DatasetReader;
import io.pretext.dataset.DatasetSplit;

/**
 * The {@code pixels} floor for images: one-vs-rest L2-regularised logistic regression
 * ({@link LogisticProbe}) on each image's raw pixels (0..1, every channel), standardised per
 * pixel with the training split's statistics, {@code C} chosen on the validation split. What any
 * learned representation must beat. Immutable and thread-safe once fitted.
 */
public final class RawPixelBaseline {

    private final LogisticProbe probe;
    private final int channels;
    private final int height;
    private final int width;
    private final int trainSamples;
    private final int validationSamples;

    private RawPixelBaseline(LogisticProbe probe, DatasetReader.Images data, DatasetSplit split) {
        this.probe = probe;
        this.channels = data.channels();
        this.height = data.height();
        this.width = data.width();
        this.trainSamples = split.train().length;
        this.validationSamples = split.validation().length;
    }

    /** Fits on {@code split.train()} of {@code data}, choosing C on {@code split.validation()}. */
    public static RawPixelBaseline fit(DatasetReader.Images data, DatasetSplit split) {
        LogisticProbe probe = LogisticProbe.fit(features(data, split.train()), labels(data, split.train()),
                features(data, split.validation()), labels(data, split.validation()), LogisticProbe.DEFAULT_GRID);
        return new RawPixelBaseline(probe, data, split);
    }

    /**
     * The predicted class of every image of {@code data}.
     *
     * @throws IllegalArgumentException when its images have another size than the training images
     */
    public int[] predict(DatasetReader.Images data) {
        if (data.channels() != channels || data.height() != height || data.width() != width) {
            throw new IllegalArgumentException("the pixels baseline takes " + channels + "x" + height + "x" + width
                    + " images, not " + data.channels() + "x" + data.height() + "x" + data.width());
        }
        int size = channels * height * width;
        int[] predictions = new int[data.numSamples()];
        float[] row = new float[size];
        for (int i = 0; i < predictions.length; i++) {
            pixels(data.pixels(), i, size, row);
            predictions[i] = probe.predict(row);
        }
        return predictions;
    }

    /** The validation accuracy of the chosen C (a fraction), or NaN without validation samples. */
    public double validationAccuracy() {
        return probe.validationAccuracy().getOrDefault(probe.c(), Double.NaN);
    }

    /** What was fitted, for the job's report: inputs, sample counts, the chosen C and the grid's accuracies. */
    public Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("inputs", "standardised raw pixels");
        summary.put("features", channels * height * width);
        summary.put("trainSamples", trainSamples);
        summary.put("validationSamples", validationSamples);
        summary.put("c", probe.c());
        summary.put("validationAccuracyByC", ProbeSummaries.byC(probe.validationAccuracy()));
        return summary;
    }

    static float[][] features(DatasetReader.Images data, int[] indices) {
        int size = data.channels() * data.height() * data.width();
        float[][] rows = new float[indices.length][size];
        for (int i = 0; i < indices.length; i++) {
            pixels(data.pixels(), indices[i], size, rows[i]);
        }
        return rows;
    }

    private static void pixels(byte[] pixels, int sample, int size, float[] row) {
        int offset = sample * size;
        for (int j = 0; j < size; j++) {
            row[j] = (pixels[offset + j] & 0xFF) / 255f;
        }
    }

    static int[] labels(DatasetReader.Images data, int[] indices) {
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = data.labels()[indices[i]];
        }
        return labels;
    }
}
