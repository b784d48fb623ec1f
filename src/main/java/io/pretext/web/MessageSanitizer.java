package io.pretext.web;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Makes parser errors safe to show a caller: the parser's own words, no class or stack details. */
final class MessageSanitizer {

    private static final int MAX_LENGTH = 300;

    private MessageSanitizer() {
    }

    static String readableCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnrecognizedPropertyException unknown) {
                return truncate("unknown field '" + path(unknown, unknown.getPropertyName()) + "'; known fields here: "
                        + String.join(", ", unknown.getKnownPropertyIds().stream().map(Object::toString).sorted().toList()));
            }
            if (t instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
                return truncate("field '" + path(mismatched, null) + "' " + expectation(mismatched));
            }
            if (t instanceof JacksonException jackson) {
                return truncate(jackson.getOriginalMessage()
                        + (jackson.getLocation() == null ? "" : " (line " + jackson.getLocation().getLineNr()
                                + ", column " + jackson.getLocation().getColumnNr() + ")"));
            }
        }
        return "the body is missing or is not valid JSON";
    }

    /**
     * The field a type or format error is about, with what it must be; empty when the error is not
     * about one field (e.g. broken JSON).
     */
    static java.util.Optional<FieldError> fieldAtFault(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnrecognizedPropertyException unknown) {
                return java.util.Optional.of(new FieldError(path(unknown, unknown.getPropertyName()), "unknown field"));
            }
            if (t instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
                return java.util.Optional.of(new FieldError(path(mismatched, null), expectation(mismatched)));
            }
        }
        return java.util.Optional.empty();
    }

    /** What the field must be, in JSON's words, e.g. "must be an integer (got \"ten\")". */
    private static String expectation(MismatchedInputException e) {
        String got = e instanceof InvalidFormatException invalid && invalid.getValue() != null
                ? " (got " + quoted(invalid.getValue()) + ")" : "";
        return "must be " + JsonTypeNames.of(e.getTargetType()) + got;
    }

    private static String quoted(Object value) {
        String text = String.valueOf(value);
        text = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return value instanceof String ? "\"" + text + "\"" : text;
    }

    /** The JSON path of the offending field, e.g. {@code pretrain.optimizer.lr}. */
    private static String path(DatabindException e, String leaf) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            String name = reference.getPropertyName();
            if (name != null && !name.equals(leaf)) {
                path.append(path.length() == 0 ? "" : ".").append(name);
            } else if (name == null && reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        if (leaf != null) {
            path.append(path.length() == 0 ? "" : ".").append(leaf);
        }
        return path.toString();
    }

    private static String truncate(String message) {
        return message.length() <= MAX_LENGTH ? message : message.substring(0, MAX_LENGTH) + "...";
    }
}
