package io.pretext.model;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import io.pretext.web.InvalidRequestException;

/**
 * How a caller names a model version in a path: {@code <model>[@<selector>]}, where the model is
 * its id or its name and the selector an alias ({@code champion}), a version number ({@code 3}) or
 * {@code latest} (also the default). The last {@code @} splits, so names may contain {@code @}.
 * Immutable.
 *
 * @param id the model id, or null when named
 * @param name the model name, or null when given by id
 * @param alias the alias, or null when a number or the latest version is meant
 * @param version the version number, or null
 */
record ModelReference(UUID id, String name, String alias, Integer version) {

    static final Pattern ALIAS = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    static final String LATEST = "latest";

    static ModelReference parse(String text) {
        String model = text;
        String selector = LATEST;
        int at = text.lastIndexOf('@');
        if (at >= 0) {
            model = text.substring(0, at);
            selector = text.substring(at + 1).toLowerCase(Locale.ROOT);
        }
        if (model.isBlank()) {
            throw new InvalidRequestException("id", "a model is named by its id or name, optionally @alias or @version");
        }
        UUID id = uuid(model);
        String name = id == null ? model : null;
        if (selector.equals(LATEST)) {
            return new ModelReference(id, name, null, null);
        }
        if (selector.matches("[0-9]{1,9}")) {
            return new ModelReference(id, name, null, Integer.parseInt(selector));
        }
        if (!ALIAS.matcher(selector).matches()) {
            throw new InvalidRequestException("id", "'" + selector + "' is neither a version number nor an alias "
                    + "(a lower-case letter, then up to 63 letters, digits, '-' or '_')");
        }
        return new ModelReference(id, name, selector, null);
    }

    private static UUID uuid(String text) {
        if (text.length() != 36) {
            return null;
        }
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
