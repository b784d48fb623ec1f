package io.pretext.inference;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.pretext.model.ModelVersion;

/**
 * Inference meters, tagged with the model's owner ({@code tenant}, so that a tenant's scrape key sees
 * its own models' series and no other tenant's), name and version: {@code pretext.inference.requests}
 * (latency histogram by operation and outcome, of requests that were admitted),
 * {@code pretext.inference.queue.wait}, {@code pretext.inference.batch.size} (images per forward
 * pass), {@code pretext.inference.batch.time} (wall time of a forward pass),
 * {@code pretext.inference.rejections} (by reason: {@code overloaded} refused on arrival,
 * {@code queue_full}, {@code timeout}), the gauges {@code pretext.inference.admission.limit} and
 * {@code pretext.inference.admitted} (requests a model may have, and has, admitted), and the
 * gauges {@code pretext.inference.models.loaded} and {@code pretext.inference.models.bytes}.
 * Thread-safe.
 */
final class InferenceMetrics {

    /** One series of a per-request meter: a version's requests of one kind ({@code outcome} or reason). */
    private record Series(UUID tenantId, String model, int version, Operation operation, String kind) {

        Series(ModelVersion model, Operation operation, String kind) {
            this(model.tenantId(), model.name(), model.version(), operation, kind);
        }
    }

    private final MeterRegistry registry;
    private final Map<Series, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Map<Series, Counter> rejectionCounters = new ConcurrentHashMap<>();

    InferenceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the cache gauges (present from the start, 0 until a model loads). */
    <T> void cache(T cache, ToDoubleFunction<T> loaded, ToDoubleFunction<T> bytes) {
        Gauge.builder("pretext.inference.models.loaded", cache, loaded).description("Models loaded for inference")
                .register(registry);
        Gauge.builder("pretext.inference.models.bytes", cache, bytes).baseUnit("bytes")
                .description("Parameter bytes of the models loaded for inference").register(registry);
    }

    /** Records a finished request: {@code outcome} is {@code ok}, {@code invalid} (bad images), {@code rejected} or {@code error}. */
    void request(ModelVersion model, Operation operation, String outcome, Duration latency) {
        // Looked up once per series: building and registering a timer per request cost a tenth of a
        // one-image request's server CPU.
        requestTimers.computeIfAbsent(new Series(model, operation, outcome), series -> Timer
                .builder("pretext.inference.requests").description("Inference requests, from arrival to answer")
                .tags(owner(model)).tags("model", model.name(), "version", Integer.toString(model.version()),
                        "operation", tag(operation), "outcome", outcome)
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(60)).register(registry)).record(latency);
    }

    /**
     * Registers a loaded model's admission gauges (held weakly: they read NaN once it is unloaded). A
     * model loaded again replaces its earlier gauges, which would otherwise keep reading the policy
     * of the unloaded copy (a registry keeps the first gauge of a name and tags).
     */
    void admission(ModelVersion model, AdmissionPolicy admission) {
        String version = Integer.toString(model.version());
        for (String name : java.util.List.of("pretext.inference.admission.limit", "pretext.inference.admitted")) {
            registry.find(name).tags(owner(model)).tags("model", model.name(), "version", version).meters()
                    .forEach(registry::remove);
        }
        Gauge.builder("pretext.inference.admission.limit", admission, AdmissionPolicy::limit)
                .description("Requests a model may have admitted at once, from its measured forward passes")
                .tags(owner(model)).tags("model", model.name(), "version", version).register(registry);
        Gauge.builder("pretext.inference.admitted", admission, AdmissionPolicy::admitted)
                .description("Requests a model has admitted now (being read, queued or running)")
                .tags(owner(model)).tags("model", model.name(), "version", version).register(registry);
    }

    void rejected(ModelVersion model, InferenceRejectedException.Reason reason) {
        rejections(model, reason).increment();
    }

    private Counter rejections(ModelVersion model, InferenceRejectedException.Reason reason) {
        // Looked up once per series: under overload most requests are refused, and cheaply.
        return rejectionCounters.computeIfAbsent(new Series(model, null, reason.name()), series -> Counter.builder("pretext.inference.rejections").description("Inference requests refused for lack of capacity")
                .tags(owner(model)).tags("model", model.name(), "version", Integer.toString(model.version()),
                        "reason", reason.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry));
    }

    /**
     * What a model's worker reports: queue waits and batch sizes. Called when the model loads; its
     * rejection counters start at 0 then, so that a first rejection is an increase, not a new series.
     */
    ModelWorker.Listener listener(ModelVersion model) {
        rejections(model, InferenceRejectedException.Reason.OVERLOADED);
        rejections(model, InferenceRejectedException.Reason.QUEUE_FULL);
        rejections(model, InferenceRejectedException.Reason.TIMEOUT);
        String version = Integer.toString(model.version());
        Timer queueWait = Timer.builder("pretext.inference.queue.wait")
                .description("Time a request waits in its model's queue before its forward pass")
                .tags(owner(model)).tags("model", model.name(), "version", version).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        Timer batchTime = Timer.builder("pretext.inference.batch.time")
                .description("Wall time of one operation's forward pass over a batch")
                .tags(owner(model)).tags("model", model.name(), "version", version).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
        Map<Operation, DistributionSummary> batchSizes = new ConcurrentHashMap<>();
        return new ModelWorker.Listener() {
            @Override
            public void batch(Operation operation, int images, Duration took) {
                batchTime.record(took);
                batchSizes.computeIfAbsent(operation, op -> DistributionSummary.builder("pretext.inference.batch.size")
                        .description("Images per forward pass")
                        .tags(owner(model)).tags("model", model.name(), "version", version, "operation", tag(op))
                        .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256).register(registry)).record(images);
            }

            @Override
            public void queued(Duration wait) {
                queueWait.record(wait);
            }
        };
    }

    private static Tags owner(ModelVersion model) {
        return Tags.of("tenant", model.tenantId() == null ? "" : model.tenantId().toString());
    }

    private static String tag(Operation operation) {
        return operation.name().toLowerCase(java.util.Locale.ROOT);
    }
}
