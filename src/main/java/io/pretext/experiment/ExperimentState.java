package io.pretext.experiment;

import java.util.Collection;

import io.pretext.job.JobState;

/**
 * Sums up an experiment from its jobs: RUNNING while any runs; QUEUED while any waits; once all
 * are final, FAILED if any failed, else CANCELLED if any was cancelled, else SUCCEEDED.
 */
final class ExperimentState {

    private ExperimentState() {
    }

    static JobState of(Collection<JobState> jobs) {
        if (jobs.contains(JobState.RUNNING)) {
            return JobState.RUNNING;
        }
        if (jobs.contains(JobState.QUEUED)) {
            return JobState.QUEUED;
        }
        if (jobs.contains(JobState.FAILED)) {
            return JobState.FAILED;
        }
        if (jobs.contains(JobState.CANCELLED)) {
            return JobState.CANCELLED;
        }
        return JobState.SUCCEEDED;
    }
}
