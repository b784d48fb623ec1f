package io.pretext.experiment;

import java.util.List;
import java.util.UUID;

import io.pretext.job.JobProgress;
import org.springframework.stereotype.Component;

/** {@link Experiments} over {@link ExperimentService}. Thread-safe. */
@Component
class ExperimentsFacade implements Experiments {

    private final ExperimentService experiments;

    ExperimentsFacade(ExperimentService experiments) {
        this.experiments = experiments;
    }

    @Override
    public ExperimentView submitAwaitingEncoder(ExperimentSpec spec) {
        return experiments.submit(spec, null, true).experiment();
    }

    @Override
    public ExperimentView get(UUID id) {
        return experiments.get(id);
    }

    @Override
    public ExperimentView get(UUID tenantId, UUID id) {
        return experiments.get(tenantId, id);
    }

    @Override
    public ExperimentView cancel(UUID id) {
        return experiments.cancelUnfinished(id);
    }

    @Override
    public List<JobProgress.MetricPoint> metrics(UUID id, String name) {
        return experiments.metrics(id, name, null);
    }
}
