package io.pretext.training.job;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pretext.training.ArtifactLayout;
import io.pretext.training.ChildEvent;
import io.pretext.training.child.RunContext;
import io.pretext.training.eval.Confusion;

/**
 * What an evaluating job (EVALUATE, and the PIXELS baseline) reports, so that both name their
 * numbers alike: per dataset the metrics {@code accuracy/<dataset>} and {@code macroF1/<dataset>}
 * (fractions in [0, 1]), and a report at {@link ArtifactLayout#evaluationReport} with each
 * dataset's per-class F1 and confusion matrix under {@code datasets}, plus whatever the job adds.
 * Not thread-safe; one per job.
 */
final class EvaluationReport {

    private final Map<String, Double> metrics = new LinkedHashMap<>();
    private final Map<String, Object> report = new LinkedHashMap<>();
    private final Map<String, Object> perDataset = new LinkedHashMap<>();
    private final Map<String, Object> retrieval = new LinkedHashMap<>();

    /** The metric name of {@code metric} ({@code accuracy} or {@code macroF1}) on {@code dataset}. */
    static String metricName(String metric, UUID dataset) {
        return metric + "/" + dataset;
    }

    /** Adds one dataset's scores. */
    void add(UUID dataset, Confusion confusion, List<String> classes) {
        metrics.put(metricName("accuracy", dataset), confusion.accuracy());
        metrics.put(metricName("macroF1", dataset), confusion.macroF1());
        perDataset.put(dataset.toString(), confusion.report(classes));
    }

    /** Adds one captioned dataset's retrieval scores (a CLIP model's), reported under {@code retrieval}. */
    void retrieval(UUID dataset, Map<String, Object> scores) {
        retrieval.put(dataset.toString(), scores);
    }

    /** Adds a metric besides the per-dataset ones (e.g. {@code validationAccuracy}). */
    void metric(String name, double value) {
        metrics.put(name, value);
    }

    /** Adds a top-level entry to the report (e.g. the checkpoint evaluated). */
    void put(String key, Object value) {
        report.put(key, value);
    }

    boolean has(String key) {
        return report.containsKey(key);
    }

    /** Stores the report and tells the supervisor the job is done with its metrics. */
    void finish(RunContext context) throws IOException {
        report.put("datasets", perDataset);
        if (!retrieval.isEmpty()) {
            report.put("retrieval", retrieval);
        }
        context.store().put(ArtifactLayout.evaluationReport(context.request().jobId()),
                new ByteArrayInputStream(context.json().writeValueAsBytes(report)));
        context.events().send(new ChildEvent.Done(metrics));
    }
}
