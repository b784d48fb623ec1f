package io.pretext.inference;

import java.time.Duration;

/**
 * A request that was not served for lack of capacity: the model had admitted as many requests as
 * it answers in time or its queue was full (429), or the request ran out of time (503). All tell
 * the caller when to retry.
 */
class InferenceRejectedException extends RuntimeException {

    /** Why: the tag value of the rejection metric and what decides the status. */
    enum Reason {
        /** Refused on arrival: the model has as much admitted work as it serves within the timeout. */
        OVERLOADED, QUEUE_FULL, TIMEOUT, UNLOADED
    }

    private final Reason reason;
    private final Duration retryAfter;

    InferenceRejectedException(Reason reason, String message, Duration retryAfter) {
        super(message);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    /** 429 (the caller sent too much; retrying later helps) rather than 503. */
    boolean tooManyRequests() {
        return reason == Reason.OVERLOADED || reason == Reason.QUEUE_FULL;
    }

    Reason reason() {
        return reason;
    }

    Duration retryAfter() {
        return retryAfter;
    }
}
