package io.pretext.job;

/** What a heartbeat learned. */
public enum HeartbeatResult {
    /** The lease is renewed; keep going. */
    RENEWED,
    /** Someone asked to cancel the job: stop at the next step and report it cancelled. */
    CANCEL_REQUESTED,
    /** The lease is no longer ours (it expired and was reaped): stop now, report nothing. */
    LEASE_LOST
}
