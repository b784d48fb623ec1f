package io.pretext.dataset.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Text labels get ids in first-seen order while streaming, then are renumbered by sorted name, so a
 * dataset's class ids do not depend on the order of its rows. At most {@value #MAX_CLASSES} names.
 * Not thread-safe.
 */
final class TextLabelIds {

    static final int MAX_CLASSES = 10_000;

    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> names = new ArrayList<>();

    /** @throws InvalidDatasetException on the name after {@value #MAX_CLASSES} distinct ones */
    int id(String name) {
        if (!ids.containsKey(name) && names.size() >= MAX_CLASSES) {
            throw new InvalidDatasetException(null, "more than " + MAX_CLASSES + " distinct labels");
        }
        return ids.computeIfAbsent(name, n -> {
            names.add(n);
            return names.size() - 1;
        });
    }

    /** Rewrites {@code labels} from first-seen ids to sorted-name ids; returns the sorted names. */
    List<String> sortedNamesAndRemap(LabelBuffer labels) {
        List<String> ordered = new ArrayList<>(names);
        ordered.sort(null);
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            position.put(ordered.get(i), i);
        }
        int[] remap = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            remap[i] = position.get(names.get(i));
        }
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i) != SampleSink.UNLABELED) {
                labels.set(i, remap[labels.get(i)]);
            }
        }
        return ordered;
    }
}
