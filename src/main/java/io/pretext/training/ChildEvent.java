package io.pretext.training;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What a training child reports to its supervisor, one JSON line each on its stdout, told apart by
 * {@code "event"}: {@code epoch}, {@code checkpoint}, {@code done}, {@code progress} or {@code usage}. Only {@link ChildEventCodec}
 * writes and reads them. Immutable; metrics maps keep their order and are unmodifiable.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "event")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ChildEvent.Epoch.class, name = "epoch"),
    @JsonSubTypes.Type(value = ChildEvent.Checkpoint.class, name = "checkpoint"),
    @JsonSubTypes.Type(value = ChildEvent.Done.class, name = "done"),
    @JsonSubTypes.Type(value = ChildEvent.Progress.class, name = "progress"),
    @JsonSubTypes.Type(value = ChildEvent.Usage.class, name = "usage")})
public sealed interface ChildEvent permits ChildEvent.Epoch, ChildEvent.Checkpoint, ChildEvent.Done,
        ChildEvent.Progress, ChildEvent.Usage {

    /** Metrics by name (loss, samples per second, validation or evaluation metrics); never null. */
    Map<String, Double> metrics();

    /**
     * An epoch finished without a checkpoint.
     *
     * @param epoch the epoch finished, counted from 1
     */
    record Epoch(@JsonProperty(required = true) int epoch, Map<String, Double> metrics) implements ChildEvent {

        public Epoch {
            metrics = copy(metrics);
        }
    }

    /**
     * An epoch finished and its checkpoint has been written completely.
     *
     * @param epoch the epoch finished, counted from 1
     * @param prefix the checkpoint's prefix in the artifact store, ending in {@code /}; never null
     */
    record Checkpoint(@JsonProperty(required = true) int epoch, @JsonProperty(required = true) String prefix,
            Map<String, Double> metrics) implements ChildEvent {

        public Checkpoint {
            Objects.requireNonNull(prefix, "prefix");
            metrics = copy(metrics);
        }
    }

    /** The job's work is done (an evaluation's metrics, or none); the child exits next. */
    record Done(Map<String, Double> metrics) implements ChildEvent {

        public Done {
            metrics = copy(metrics);
        }
    }

    /**
     * Where training is within the job, sent every few seconds (and at the first step): for people
     * watching, not a record; a supervisor may drop it.
     *
     * @param epoch the epoch in progress, counted from 1 (within the phase, when there is one)
     * @param epochs the job's last epoch (the phase's, when there is one)
     * @param step optimizer steps done in this epoch
     * @param steps optimizer steps per epoch
     * @param samplesPerSecond training samples per second since the child started training
     * @param etaSeconds estimated seconds until the last epoch's last step, at that rate
     * @param phase what the job does before its training proper, the epoch and step fields then
     *     counting within it (e.g. {@code rate grid: screen 3 of 6 (lr=0.0003, wd=0)}); null during the
     *     training proper
     */
    record Progress(int epoch, int epochs, int step, int steps, double samplesPerSecond, double etaSeconds,
            String phase) implements ChildEvent {

        /** A report of the training proper. */
        public Progress(int epoch, int epochs, int step, int steps, double samplesPerSecond, double etaSeconds) {
            this(epoch, epochs, step, steps, samplesPerSecond, etaSeconds, null);
        }

        @Override
        public Map<String, Double> metrics() {
            return Map.of();
        }
    }

    /**
     * What the child used, sent once as its last line before it exits (whatever the outcome).
     *
     * @param cpuSeconds CPU time of the child process, user plus system, all threads, in seconds
     */
    record Usage(@JsonProperty(required = true) double cpuSeconds) implements ChildEvent {

        @Override
        public Map<String, Double> metrics() {
            return Map.of();
        }
    }

    private static Map<String, Double> copy(Map<String, Double> metrics) {
        return metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}
