package io.pretext.training;

/** How a training child ends, as its process exit code. */
public final class ExitCodes {

    /** Finished its work. */
    public static final int DONE = 0;
    /** Failed; another attempt may succeed. */
    public static final int FAILED = 1;
    /** Cannot succeed whatever the attempt (an unsupported method, bad input): do not retry. */
    public static final int PERMANENT_FAILURE = 2;
    /** Stopped because the job was cancelled. */
    public static final int CANCELLED = 3;
    /** Checkpointed and stopped because its supervisor is shutting down; the job goes back to the queue. */
    public static final int RELEASED = 4;
    /** Its supervisor died (stdin closed): stopped at once. */
    public static final int ORPHANED = 70;

    private ExitCodes() {
    }
}
