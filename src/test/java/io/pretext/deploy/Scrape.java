package io.pretext.deploy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Prometheus text exposition (what {@code /actuator/prometheus} answers), as the metric names it
 * holds and, per name, the label names and the label pairs its samples carry.
 */
final class Scrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{.*})?\\s+\\S+.*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final Map<String, Set<String>> labels = new HashMap<>();
    private final Map<String, Set<String>> pairs = new HashMap<>();

    Scrape(String exposition) {
        for (String line : exposition.split("\n")) {
            Matcher sample = SAMPLE.matcher(line.strip());
            if (line.startsWith("#") || !sample.matches()) {
                continue;
            }
            String name = sample.group(1);
            Set<String> names = labels.computeIfAbsent(name, n -> new TreeSet<>());
            Set<String> values = pairs.computeIfAbsent(name, n -> new TreeSet<>());
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    names.add(label.group(1));
                    values.add(label.group(1) + "=" + label.group(2));
                }
            }
        }
    }

    Set<String> metrics() {
        return new TreeSet<>(labels.keySet());
    }

    /** Label names on any sample of {@code metric}; empty when it is not exposed. */
    Set<String> labels(String metric) {
        return labels.getOrDefault(metric, Set.of());
    }

    /** {@code name=value} pairs on any sample of {@code metric}. */
    Set<String> labelPairs(String metric) {
        return pairs.getOrDefault(metric, Set.of());
    }
}
