package io.pretext.experiment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.pretext.job.JobState;
import io.pretext.job.JobView;

/**
 * An experiment as the API shows it: the normalized spec (every default filled in), its summed-up
 * state, its jobs and how the finetuned model compares with the baselines. Immutable.
 *
 * @param comparison per evaluation dataset and metric, the finetuned model's score beside the
 *     {@code scratch} and {@code pixels} baselines' and the gains over them (fractions; values null
 *     until reported); empty without a finetune or an evaluate section; never null
 */
public record ExperimentView(UUID id, String name, JobState state, ExperimentSpec spec, List<JobView> jobs,
        Instant createdAt, List<BaselineComparison> comparison) {
}
