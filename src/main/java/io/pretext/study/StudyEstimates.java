package io.pretext.study;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pretext.experiment.ExperimentView;
import io.pretext.job.JobService;
import io.pretext.job.JobState;
import io.pretext.job.JobView;
import io.pretext.training.JobKind;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/**
 * A dry run's {@link StudyPlan}: the jobs a study would queue, by kind, and their minutes estimated
 * from the tenant's {@link #MEASURED} most recent succeeded jobs. Thread-safe.
 */
@Component
class StudyEstimates {

    /** How many recent succeeded jobs the estimate reads. */
    static final int MEASURED = 200;

    private final JobService jobs;

    StudyEstimates(JobService jobs) {
        this.jobs = jobs;
    }

    StudyPlan plan(UUID tenantId, int runs, List<ExperimentView> planned) {
        Map<JobKind, Integer> byKind = new EnumMap<>(JobKind.class);
        planned.forEach(e -> e.jobs().forEach(j -> byKind.merge(j.kind(), 1, Integer::sum)));
        Map<JobKind, Double> minutes = meanMinutes(jobs.list(tenantId, null, JobState.SUCCEEDED,
                PageRequest.of(0, MEASURED)).getContent());
        double estimate = 0;
        boolean measured = false;
        List<JobKind> unmeasured = new ArrayList<>();
        for (Map.Entry<JobKind, Integer> kind : byKind.entrySet()) {
            Double mean = minutes.get(kind.getKey());
            if (mean == null) {
                unmeasured.add(kind.getKey());
            } else {
                estimate += mean * kind.getValue();
                measured = true;
            }
        }
        int total = byKind.values().stream().mapToInt(Integer::intValue).sum();
        return new StudyPlan(planned.size(), runs, total, byKind, measured ? estimate : null, unmeasured);
    }

    /** Mean started-to-finished minutes per kind, over the jobs that have both times. */
    static Map<JobKind, Double> meanMinutes(List<JobView> finished) {
        Map<JobKind, double[]> sums = new EnumMap<>(JobKind.class);
        for (JobView job : finished) {
            if (job.startedAt() != null && job.finishedAt() != null) {
                double[] sum = sums.computeIfAbsent(job.kind(), k -> new double[2]);
                sum[0] += Duration.between(job.startedAt(), job.finishedAt()).toMillis() / 60_000.0;
                sum[1]++;
            }
        }
        Map<JobKind, Double> means = new EnumMap<>(JobKind.class);
        sums.forEach((kind, sum) -> means.put(kind, sum[0] / sum[1]));
        return means;
    }
}
