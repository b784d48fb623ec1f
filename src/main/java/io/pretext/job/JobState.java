package io.pretext.job;

import java.util.Locale;

import io.pretext.web.InvalidRequestException;

/** Where a job is in its life. SUCCEEDED, FAILED and CANCELLED are final. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /**
     * Parses a {@code state} query parameter in any case; null or blank means no filter.
     *
     * @throws InvalidRequestException naming the parameter for anything else
     */
    public static JobState parseFilter(String state) {
        if (state == null || state.isBlank()) {
            return null;
        }
        try {
            return valueOf(state.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("state", "state must be QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED");
        }
    }
}
