package io.pretext.training.eval;

import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.pretext.dataset.DatasetReader;
import io.pretext.dataset.DatasetSplit;
import io.pretext.training.audio.LogMelFrontEnd;
import io.pretext.training.audio.LogMelSettings;
import io.pretext.training.data.AudioData;

/**
 * The {@code pixels} floor for audio: one-vs-rest L2-regularised logistic regression
 * ({@link LogisticProbe}) on each clip's raw log-mel spectrogram (the default front end for the
 * clips' format, the very input an audio encoder gets), standardised per mel bin and frame with
 * the training split's statistics, {@code C} chosen on the validation split. Immutable and
 * thread-safe once fitted.
 */
public final class LogMelBaseline {

    /** Clips per front-end batch: bounds the native memory of one pass. */
    private static final int BATCH = 256;

    private final LogisticProbe probe;
    private final LogMelSettings settings;
    private final int trainSamples;
    private final int validationSamples;

    private LogMelBaseline(LogisticProbe probe, LogMelSettings settings, DatasetSplit split) {
        this.probe = probe;
        this.settings = settings;
        this.trainSamples = split.train().length;
        this.validationSamples = split.validation().length;
    }

    /** Fits on {@code split.train()} of {@code data}, choosing C on {@code split.validation()}. */
    public static LogMelBaseline fit(DatasetReader.Audio data, DatasetSplit split) {
        LogMelSettings settings = LogMelSettings.defaults(data.sampleRate(), data.clipSamples());
        LogisticProbe probe = LogisticProbe.fit(features(data, settings, split.train()),
                labels(data, split.train()), features(data, settings, split.validation()),
                labels(data, split.validation()), LogisticProbe.DEFAULT_GRID);
        return new LogMelBaseline(probe, settings, split);
    }

    /**
     * The predicted class of every clip of {@code data}.
     *
     * @throws IllegalArgumentException when its clips have another rate or length than the training clips
     */
    public int[] predict(DatasetReader.Audio data) {
        if (data.sampleRate() != settings.sampleRate() || data.clipSamples() != settings.clipSamples()) {
            throw new IllegalArgumentException("the pixels baseline takes clips of " + settings.clipSamples()
                    + " samples at " + settings.sampleRate() + " Hz, not " + data.clipSamples() + " at "
                    + data.sampleRate() + " Hz");
        }
        int[] all = new int[data.numSamples()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        float[][] rows = features(data, settings, all);
        int[] predictions = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            predictions[i] = probe.predict(rows[i]);
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
        summary.put("inputs", "standardised raw log-mel spectrograms (" + settings.mels() + " bands x "
                + settings.frames() + " frames)");
        summary.put("features", settings.mels() * settings.frames());
        summary.put("trainSamples", trainSamples);
        summary.put("validationSamples", validationSamples);
        summary.put("c", probe.c());
        summary.put("validationAccuracyByC", ProbeSummaries.byC(probe.validationAccuracy()));
        return summary;
    }

    static float[][] features(DatasetReader.Audio data, LogMelSettings settings, int[] indices) {
        int size = settings.mels() * settings.frames();
        float[][] rows = new float[indices.length][];
        LogMelFrontEnd frontEnd = new LogMelFrontEnd(settings);
        AudioData clips = new AudioData(data);
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int from = 0; from < indices.length; from += BATCH) {
                int to = Math.min(indices.length, from + BATCH);
                try (NDManager step = manager.newSubManager()) {
                    NDArray mel = frontEnd.apply(step, clips.batch(step, indices, from, to));
                    float[] flat = mel.toFloatArray();
                    for (int i = from; i < to; i++) {
                        rows[i] = java.util.Arrays.copyOfRange(flat, (i - from) * size, (i - from + 1) * size);
                    }
                }
            }
        }
        return rows;
    }

    private static int[] labels(DatasetReader.Audio data, int[] indices) {
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = data.labels()[indices[i]];
        }
        return labels;
    }
}
