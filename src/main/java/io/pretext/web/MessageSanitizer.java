package io.pretext.web;

import tools.jackson.core.JacksonException;

/** Makes parser errors safe to show a caller: the parser's own words, no class or stack details. */
final class MessageSanitizer {

    private static final int MAX_LENGTH = 300;

    private MessageSanitizer() {
    }

    static String readableCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JacksonException jackson) {
                return truncate(jackson.getOriginalMessage()
                        + (jackson.getLocation() == null ? "" : " (line " + jackson.getLocation().getLineNr()
                                + ", column " + jackson.getLocation().getColumnNr() + ")"));
            }
        }
        return "the body is missing or is not valid JSON";
    }

    private static String truncate(String message) {
        return message.length() <= MAX_LENGTH ? message : message.substring(0, MAX_LENGTH) + "...";
    }
}
