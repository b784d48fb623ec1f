package io.pretext.training.job;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pretext.dataset.DatasetReader;
import io.pretext.dataset.DatasetSplit;
import io.pretext.dataset.Modality;
import io.pretext.training.EvaluateSettings;
import io.pretext.training.ExitCodes;
import io.pretext.training.FinetuneSettings;
import io.pretext.training.child.RunContext;
import io.pretext.training.eval.Confusion;
import io.pretext.training.eval.LogMelBaseline;
import io.pretext.training.eval.RawPixelBaseline;
import io.pretext.training.eval.TfIdfBaseline;
import io.pretext.training.text.TfIdfVectorizer;

/**
 * The {@code pixels} baseline job: fits the floor on the finetune's labeled split (the same split
 * and seed as the finetuned model) — logistic regression on standardised raw pixels for images
 * ({@link RawPixelBaseline}), on raw log-mel spectrograms for audio ({@link LogMelBaseline}), on
 * TF-IDF n-grams for text ({@link TfIdfBaseline}) — and scores it on
 * every evaluation dataset under the names evaluation jobs use ({@code accuracy/<dataset>},
 * {@code macroF1/<dataset>}), plus {@code validationAccuracy}. Writes a report (what was fitted, per
 * dataset F1 and confusion) and no checkpoint: it is never a model to serve.
 */
public final class PixelsJob {

    private final RunContext context;

    public PixelsJob(RunContext context) {
        this.context = context;
    }

    public int run() throws Exception {
        FinetuneSettings spec = context.finetune();
        EvaluateSettings evaluate = context.payload().evaluate();
        List<UUID> datasets = evaluate == null ? List.of() : evaluate.datasets();
        DatasetReader reader = context.datasets();
        EvaluationReport report = new EvaluationReport();
        long start = System.nanoTime();
        if (reader.holdsText(spec.dataset())) {
            DatasetReader.Texts data = reader.texts(spec.dataset());
            DatasetSplit split = LabeledSplits.of(spec, context.seed(), data.labels(), data.classes().size());
            TfIdfBaseline floor = TfIdfBaseline.fit(data, split, TfIdfVectorizer.Settings.DEFAULT);
            fitted(report, floor.summary(), floor.validationAccuracy(), start);
            for (UUID dataset : datasets) {
                DatasetReader.Texts test = reader.texts(dataset);
                sameClasses(dataset, test.classes(), data.classes());
                report.add(dataset, confusion(test.labels(), floor.predict(test.texts()), test.classes().size()),
                        test.classes());
            }
        } else if (reader.modality(spec.dataset()) == Modality.AUDIO) {
            DatasetReader.Audio data = reader.audio(spec.dataset());
            DatasetSplit split = LabeledSplits.of(spec, context.seed(), data.labels(), data.classes().size());
            LogMelBaseline floor = LogMelBaseline.fit(data, split);
            fitted(report, floor.summary(), floor.validationAccuracy(), start);
            for (UUID dataset : datasets) {
                DatasetReader.Audio test = reader.audio(dataset);
                sameClasses(dataset, test.classes(), data.classes());
                int[] predicted;
                try {
                    predicted = floor.predict(test);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("dataset " + dataset + ": " + e.getMessage(), e);
                }
                report.add(dataset, confusion(test.labels(), predicted, test.classes().size()), test.classes());
            }
        } else {
            DatasetReader.Images data = reader.images(spec.dataset());
            DatasetSplit split = LabeledSplits.of(spec, context.seed(), data.labels(), data.classes().size());
            RawPixelBaseline floor = RawPixelBaseline.fit(data, split);
            fitted(report, floor.summary(), floor.validationAccuracy(), start);
            for (UUID dataset : datasets) {
                DatasetReader.Images test = images(reader, dataset);
                sameClasses(dataset, test.classes(), data.classes());
                int[] predicted;
                try {
                    predicted = floor.predict(test);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("dataset " + dataset + ": " + e.getMessage(), e);
                }
                report.add(dataset, confusion(test.labels(), predicted, test.classes().size()), test.classes());
            }
        }
        report.finish(context);
        return ExitCodes.DONE;
    }

    private static void fitted(EvaluationReport report, Map<String, Object> summary,
            double validationAccuracy, long start) {
        summary.put("fitSeconds", (System.nanoTime() - start) / 1e9);
        report.put("baseline", summary);
        if (!Double.isNaN(validationAccuracy)) {
            report.metric("validationAccuracy", validationAccuracy);
        }
    }

    private static DatasetReader.Images images(DatasetReader reader, UUID dataset) throws IOException {
        if (reader.holdsText(dataset)) {
            throw new IllegalArgumentException("dataset " + dataset + " holds text; the pixels baseline reads images");
        }
        return reader.images(dataset);
    }

    private static void sameClasses(UUID dataset, List<String> classes, List<String> trained) {
        if (!classes.equals(trained)) {
            throw new IllegalArgumentException("dataset " + dataset + " has classes " + classes
                    + "; the pixels baseline predicts " + trained);
        }
    }

    static Confusion confusion(int[] labels, int[] predictions, int classes) {
        Confusion confusion = new Confusion(classes);
        for (int i = 0; i < labels.length; i++) {
            confusion.add(labels[i], predictions[i]);
        }
        return confusion;
    }
}
