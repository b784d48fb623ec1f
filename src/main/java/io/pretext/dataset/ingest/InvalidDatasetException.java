package io.pretext.dataset.ingest;

import io.pretext.web.InvalidRequestException;

/**
 * The upload's content is wrong: a corrupt or hostile entry, a count mismatch, a ragged row.
 * Answered with 422 (or the given 4xx) naming the entry or line at fault.
 */
public class InvalidDatasetException extends InvalidRequestException {

    /** A 422 about {@code entry} (a file in an archive, {@code line 12}, a part name). */
    public InvalidDatasetException(String entry, String problem) {
        this(422, entry, problem);
    }

    public InvalidDatasetException(int status, String entry, String problem) {
        super(status, entry, entry == null ? problem : entry + ": " + problem);
    }
}
