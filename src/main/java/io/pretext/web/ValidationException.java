package io.pretext.web;

import java.util.List;

/**
 * Several things wrong with one request, each naming its field; answered with the given 4xx and
 * an {@code errors} list.
 */
public class ValidationException extends RuntimeException {

    private final int status;
    private final List<FieldError> errors;

    public ValidationException(int status, String message, List<FieldError> errors) {
        super(message);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("Status must be a 4xx, got " + status);
        }
        this.status = status;
        this.errors = List.copyOf(errors);
    }

    public int status() {
        return status;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
