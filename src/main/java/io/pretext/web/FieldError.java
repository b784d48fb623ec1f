package io.pretext.web;

/**
 * One invalid input in a problem's {@code errors} list.
 *
 * @param field the request field, parameter or entry at fault, never null
 * @param message what is wrong with it, never null
 */
public record FieldError(String field, String message) {
}
