package io.pretext.dataset.ingest;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Refuses an archive whose entries cannot be told apart: the same path twice, or two paths that
 * become one after Unicode NFC normalisation and case folding. Which copy a reader (or a
 * case-insensitive file system) picks is arbitrary, so such an archive has no single meaning. One
 * instance per archive; not thread-safe.
 */
final class EntryPathRegistry {

    private final Map<String, String> seen = new HashMap<>();

    /**
     * Records {@code name}.
     *
     * @throws InvalidDatasetException (400) naming the entry when an earlier entry has the same
     *     path, or one that differs only in case or Unicode normalisation
     */
    void add(String name) {
        String previous = seen.putIfAbsent(fold(name), name);
        if (previous == null) {
            return;
        }
        if (previous.equals(name)) {
            throw new InvalidDatasetException(400, name, "the archive holds this entry path twice; "
                    + "which copy is meant is ambiguous");
        }
        throw new InvalidDatasetException(400, name, "collides with the entry '" + previous
                + "' (the paths differ only in letter case or Unicode normalisation); rename one of them");
    }

    private static String fold(String name) {
        // Upper then lower case folds more pairs than lower case alone (e.g. 'ß' and "SS").
        return Normalizer.normalize(name, Normalizer.Form.NFC).toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }
}
