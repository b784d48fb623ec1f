package io.pretext.storage;

import java.util.regex.Pattern;

/** Validation of artifact keys and prefixes, shared by every store so that all accept the same keys. */
public final class ArtifactKeys {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._=-]+");
    private static final int MAX_LENGTH = 512;

    private ArtifactKeys() {
    }

    /**
     * Returns {@code key} when it is a valid key: relative, non-empty segments, no {@code .} or
     * {@code ..}, at most 512 characters.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static String requireValidKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("Artifact key must not be empty");
        }
        if (key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("Artifact key longer than " + MAX_LENGTH + " characters");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..") || !SEGMENT.matcher(segment).matches()) {
                throw new IllegalArgumentException("Invalid artifact key '" + key + "': segment '" + segment
                        + "' must match " + SEGMENT.pattern() + " and not be . or ..");
            }
        }
        return key;
    }

    /** Returns {@code prefix} when it is empty or a valid key optionally ending in {@code /}. */
    public static String requireValidPrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        String trimmed = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        requireValidKey(trimmed);
        return prefix;
    }
}
