package io.pretext.experiment;

import java.util.UUID;

import io.pretext.dataset.DatasetUsage;
import io.pretext.job.JobService;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Tells the dataset module which unfinished experiment still needs a dataset. Thread-safe. */
@Component
class ExperimentDatasetUsage implements DatasetUsage {

    private final JdbcClient jdbc;
    private final JobService jobs;

    ExperimentDatasetUsage(JdbcClient jdbc, JobService jobs) {
        this.jdbc = jdbc;
        this.jobs = jobs;
    }

    @Override
    public String unfinishedUserOf(UUID datasetId) {
        // Dataset ids are UUIDs, so a textual match on the stored spec is exact.
        return jdbc.sql("select id from experiments where spec like :pattern order by created_at")
                .param("pattern", "%" + datasetId + "%").query(UUID.class).list().stream()
                .filter(jobs::hasUnfinishedJobs).findFirst().map(id -> "experiment " + id).orElse(null);
    }
}
