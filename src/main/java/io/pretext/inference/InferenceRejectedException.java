package io.pretext.inference;

import java.time.Duration;

/**
 * A request that was not served for lack of capacity: the model's queue was full (429) or the
 * request ran out of time (503). Both tell the caller when to retry.
 */
class InferenceRejectedException extends RuntimeException {

    /** Why: the tag value of the rejection metric and what decides the status. */
    enum Reason {
        QUEUE_FULL, TIMEOUT, UNLOADED
    }

    private final Reason reason;
    private final Duration retryAfter;

    InferenceRejectedException(Reason reason, String message, Duration retryAfter) {
        super(message);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    Reason reason() {
        return reason;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
