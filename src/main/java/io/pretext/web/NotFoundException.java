package io.pretext.web;

/**
 * A resource does not exist, or belongs to another tenant (which callers must not be able to tell
 * apart). Answered with 404 problem+json.
 */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String resource, Object id) {
        super(resource + " " + id + " not found");
    }

    /** @param hint what the caller can do next, e.g. which route lists what exists */
    public NotFoundException(String resource, Object id, String hint) {
        super(resource + " " + id + " not found; " + hint);
    }
}
