package io.pretext.training.eval;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pretext.dataset.DatasetReader;
import io.pretext.dataset.DatasetSplit;
import io.pretext.training.text.TfIdfVectorizer;

/**
 * The {@code pixels} floor for text: L2-regularised logistic regression ({@link SparseLogisticProbe})
 * on TF-IDF rows of word and character n-grams ({@link TfIdfVectorizer}), the vocabulary and
 * document frequencies learned from the training split only, {@code C} chosen on the validation
 * split. Immutable and thread-safe once fitted.
 */
public final class TfIdfBaseline {

    private final TfIdfVectorizer vectorizer;
    private final SparseLogisticProbe probe;
    private final TfIdfVectorizer.Settings settings;
    private final int trainSamples;
    private final int validationSamples;

    private TfIdfBaseline(TfIdfVectorizer vectorizer, SparseLogisticProbe probe, TfIdfVectorizer.Settings settings,
            DatasetSplit split) {
        this.vectorizer = vectorizer;
        this.probe = probe;
        this.settings = settings;
        this.trainSamples = split.train().length;
        this.validationSamples = split.validation().length;
    }

    /** Fits on {@code split.train()} of {@code data}, choosing C on {@code split.validation()}. */
    public static TfIdfBaseline fit(DatasetReader.Texts data, DatasetSplit split, TfIdfVectorizer.Settings settings) {
        TfIdfVectorizer vectorizer = TfIdfVectorizer.fit(texts(data, split.train()), settings);
        SparseLogisticProbe probe = SparseLogisticProbe.fit(rows(vectorizer, texts(data, split.train())),
                labels(data, split.train()), rows(vectorizer, texts(data, split.validation())),
                labels(data, split.validation()), vectorizer.dimension(), SparseLogisticProbe.DEFAULT_GRID);
        return new TfIdfBaseline(vectorizer, probe, settings, split);
    }

    /** The predicted class of every text. */
    public int[] predict(List<String> texts) {
        int[] predictions = new int[texts.size()];
        for (int i = 0; i < predictions.length; i++) {
            predictions[i] = probe.predict(vectorizer.transform(texts.get(i)));
        }
        return predictions;
    }

    /** The validation accuracy of the chosen C (a fraction), or NaN without validation samples. */
    public double validationAccuracy() {
        return probe.validationAccuracy().getOrDefault(probe.c(), Double.NaN);
    }

    /** What was fitted, for the job's report. */
    public Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("inputs", "TF-IDF of word " + settings.minWordN() + "-" + settings.maxWordN()
                + "-grams and character " + settings.minCharN() + "-" + settings.maxCharN() + "-grams within words");
        summary.put("features", vectorizer.dimension());
        summary.put("trainSamples", trainSamples);
        summary.put("validationSamples", validationSamples);
        summary.put("c", probe.c());
        summary.put("validationAccuracyByC", ProbeSummaries.byC(probe.validationAccuracy()));
        return summary;
    }

    private static List<String> texts(DatasetReader.Texts data, int[] indices) {
        List<String> texts = new ArrayList<>(indices.length);
        for (int i : indices) {
            texts.add(data.texts().get(i));
        }
        return texts;
    }

    private static List<SparseVector> rows(TfIdfVectorizer vectorizer, List<String> texts) {
        return texts.stream().map(vectorizer::transform).toList();
    }

    private static int[] labels(DatasetReader.Texts data, int[] indices) {
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = data.labels()[indices[i]];
        }
        return labels;
    }
}
