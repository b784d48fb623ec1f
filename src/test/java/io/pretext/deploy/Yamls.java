package io.pretext.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads YAML (SnakeYAML, safe constructor, merge keys resolved) and walks the resulting trees of
 * maps and lists by path, failing with the path when a step is missing.
 */
final class Yamls {

    private Yamls() {
    }

    /** The documents of a YAML stream, without empty ones. */
    static List<Map<String, Object>> loadAll(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : yaml().loadAll(yaml)) {
            if (document != null) {
                documents.add(map(document, "document"));
            }
        }
        return documents;
    }

    static Map<String, Object> load(Path file) {
        try {
            return map(yaml().load(Files.readString(file)), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The node at a dotted path ({@code spec.template.spec}); list elements by index ({@code containers.0}). */
    static Object at(Object node, String path) {
        Object current = node;
        for (String step : path.split("\\.")) {
            if (current instanceof Map<?, ?> map) {
                if (!map.containsKey(step)) {
                    throw new AssertionError("no '" + step + "' in " + path + ": " + map.keySet());
                }
                current = map.get(step);
            } else if (current instanceof List<?> list) {
                current = list.get(Integer.parseInt(step));
            } else {
                throw new AssertionError("cannot step into '" + step + "' of " + path + ": " + current);
            }
        }
        return current;
    }

    /** The node at a path, or null when any step is missing. */
    static Object find(Object node, String path) {
        Object current = node;
        for (String step : path.split("\\.")) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else {
                return null;
            }
        }
        return current;
    }

    static Map<String, Object> mapAt(Object node, String path) {
        return map(at(node, path), path);
    }

    static List<Object> listAt(Object node, String path) {
        Object value = at(node, path);
        if (!(value instanceof List<?> list)) {
            throw new AssertionError(path + " is not a list: " + value);
        }
        return new ArrayList<>(list);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, String what) {
        if (!(value instanceof Map<?, ?>)) {
            throw new AssertionError(what + " is not a map: " + value);
        }
        return (Map<String, Object>) value;
    }

    /** {@code overlay} merged into a copy of {@code base}, maps recursively, as Helm merges values files. */
    static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> overlay) {
        Map<String, Object> merged = new LinkedHashMap<>(base);
        overlay.forEach((key, value) -> {
            Object old = merged.get(key);
            if (old instanceof Map<?, ?> && value instanceof Map<?, ?>) {
                merged.put(key, merge(map(old, key), map(value, key)));
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }

    static String dump(Map<String, Object> tree) {
        return yaml().dump(Objects.requireNonNull(tree));
    }

    private static Yaml yaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }
}
