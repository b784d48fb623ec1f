package io.pretext.web;

/**
 * Input that passed bean validation but is still wrong (a bad combination, a corrupt file entry).
 * Answered with 400, or with the given status (e.g. 422), naming {@link #field()}.
 */
public class InvalidRequestException extends RuntimeException {

    private final String field;
    private final int status;

    /** A 400 for {@code field} (nullable when the whole request is at fault). */
    public InvalidRequestException(String field, String message) {
        this(400, field, message);
    }

    public InvalidRequestException(int status, String field, String message) {
        super(message);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("Status must be a 4xx, got " + status);
        }
        this.status = status;
        this.field = field;
    }

    /** The offending field or entry; may be null. */
    public String field() {
        return field;
    }

    public int status() {
        return status;
    }
}
