package io.pretext.web;

/** The request clashes with the current state (a duplicate name, a resource in use). Answered with 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
