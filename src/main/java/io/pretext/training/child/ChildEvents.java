package io.pretext.training.child;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The child's reports to its supervisor: one JSON object per line on stdout, with an
 * {@code event} of {@code epoch}, {@code checkpoint} or {@code done}. Thread-safe.
 */
public final class ChildEvents {

    private final PrintStream out;
    private final JsonMapper json;

    public ChildEvents(PrintStream out, JsonMapper json) {
        this.out = out;
        this.json = json;
    }

    /** Metrics of a finished epoch (loss, samples per second, validation metrics). */
    public void epoch(int epoch, Map<String, Double> metrics) {
        emit(Map.of("event", "epoch", "epoch", epoch, "metrics", metrics));
    }

    /** A checkpoint has been written completely under {@code prefix}. */
    public void checkpoint(int epoch, String prefix, Map<String, Double> metrics) {
        emit(Map.of("event", "checkpoint", "epoch", epoch, "prefix", prefix, "metrics", metrics));
    }

    public void done(Map<String, Double> metrics) {
        emit(Map.of("event", "done", "metrics", metrics));
    }

    private synchronized void emit(Map<String, Object> event) {
        out.println(json.writeValueAsString(new LinkedHashMap<>(event)));
        out.flush();
    }
}
