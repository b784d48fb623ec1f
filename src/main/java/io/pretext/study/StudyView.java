package io.pretext.study;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.pretext.job.JobState;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A study as the API shows it: its normalized request, the state summed up from all its
 * experiments' jobs (as an experiment's is from its jobs), progress, and the experiments it
 * expanded into. Immutable.
 */
@Schema(requiredProperties = {"id", "name", "state", "progress", "spec", "experiments", "createdAt"})
public record StudyView(UUID id, String name, JobState state, StudyProgress progress, StudySpec spec,
        List<StudyExperiment> experiments, Instant createdAt) {

    /**
     * How far the study is: experiments whose jobs are all final, and jobs that are final
     * (succeeded, failed or cancelled), each out of the total.
     */
    @Schema(requiredProperties = {"experimentsDone", "experiments", "jobsDone", "jobs"})
    public record StudyProgress(int experimentsDone, int experiments, int jobsDone, int jobs) {
    }

    /**
     * One linked experiment: the budget (its label, e.g. {@code 10-per-class} or {@code 1pct}),
     * seed and finetune arm it trains, the baseline arms beside it, whether it holds the study's
     * pretraining, and its summed-up state.
     */
    @Schema(requiredProperties = {"id", "budget", "seed", "arm", "baselines", "pretraining", "state"})
    public record StudyExperiment(UUID id, String budget, long seed, String arm, List<String> baselines,
            boolean pretraining, JobState state) {
    }
}
