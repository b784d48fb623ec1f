package io.pretext.experiment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.pretext.job.JobState;
import io.pretext.job.JobView;

/**
 * An experiment as the API shows it: the normalized spec (every default filled in), its summed-up
 * state and its jobs. Immutable.
 */
public record ExperimentView(UUID id, String name, JobState state, ExperimentSpec spec, List<JobView> jobs,
        Instant createdAt) {
}
