package io.pretext.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.pretext.job.JobView;
import io.pretext.training.JobKind;

/**
 * Builds an experiment's {@link BaselineComparison} rows from its jobs' final metrics: the
 * finetuned model's and the scratch baseline's from their evaluation jobs, the {@code pixels}
 * floor's from its own job, each under {@code <metric>/<dataset>} as the jobs report them. One row
 * per evaluation dataset and metric asked for ({@code accuracy}, {@code macro-f1}; accuracy when the
 * spec asks for neither). Stateless.
 */
final class BaselineComparisons {

    private BaselineComparisons() {
    }

    /** The kinds whose final metrics {@link #of} reads. */
    static boolean reportsScores(JobView job) {
        return job.kind() == JobKind.EVALUATE || job.kind() == JobKind.PIXELS;
    }

    /**
     * @param spec the normalized spec
     * @param jobs the experiment's jobs
     * @param finalMetrics each job's final metrics (what it reported when done), by job id; a job
     *     missing here has reported nothing yet
     * @return the rows, dataset by dataset; empty without a finetune or an evaluate section
     */
    static List<BaselineComparison> of(ExperimentSpec spec, List<JobView> jobs,
            Map<UUID, Map<String, Double>> finalMetrics) {
        if (spec.finetune() == null || spec.evaluate() == null) {
            return List.of();
        }
        Map<String, Double> finetuned = metrics(evaluationOf(jobs, JobKind.FINETUNE), finalMetrics);
        Map<String, Double> scratch = metrics(evaluationOf(jobs, JobKind.SCRATCH), finalMetrics);
        Map<String, Double> pixels = metrics(first(jobs, JobKind.PIXELS), finalMetrics);
        List<BaselineComparison> rows = new ArrayList<>();
        for (String dataset : spec.evaluate().datasets()) {
            for (String metric : metrics(spec.evaluate().metrics())) {
                String name = metric + "/" + dataset;
                rows.add(BaselineComparison.of(dataset, metric, finetuned.get(name), scratch.get(name),
                        pixels.get(name)));
            }
        }
        return rows;
    }

    private static List<String> metrics(List<String> asked) {
        List<String> metrics = new ArrayList<>();
        if (asked == null || asked.contains("accuracy") || !asked.contains("macro-f1")) {
            metrics.add("accuracy");
        }
        if (asked != null && asked.contains("macro-f1")) {
            metrics.add("macroF1");
        }
        return metrics;
    }

    private static Map<String, Double> metrics(Optional<JobView> job, Map<UUID, Map<String, Double>> finalMetrics) {
        return job.map(j -> finalMetrics.getOrDefault(j.id(), Map.of())).orElse(Map.of());
    }

    /** The evaluation job of the first job of {@code kind}. */
    private static Optional<JobView> evaluationOf(List<JobView> jobs, JobKind kind) {
        return first(jobs, kind).flatMap(model -> jobs.stream()
                .filter(j -> j.kind() == JobKind.EVALUATE && j.dependsOn().contains(model.id())).findFirst());
    }

    private static Optional<JobView> first(List<JobView> jobs, JobKind kind) {
        return jobs.stream().filter(j -> j.kind() == kind).findFirst();
    }
}
