package io.pretext.job;

import java.util.Collection;

/**
 * Sums up a group of jobs (an experiment) in one state: RUNNING while any runs; QUEUED while any
 * waits; once all are final, FAILED if any failed, else CANCELLED if any was cancelled, else
 * SUCCEEDED. {@link JobService#experimentsInState} applies the same rule in SQL.
 */
public final class JobStates {

    private JobStates() {
    }

    public static JobState summarize(Collection<JobState> jobs) {
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
