package io.pretext.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pretext.model.ModelVersion;
import org.junit.jupiter.api.Test;

/**
 * A model loaded again reports its new admission state, not the unloaded copy's; every series of a
 * model names its owner, so that the owner's scrape key sees it and no other tenant's does.
 */
class InferenceMetricsTest {

    @Test
    void every_series_of_a_model_carries_its_owners_tenant() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InferenceMetrics metrics = new InferenceMetrics(registry);
        UUID owner = UUID.randomUUID();
        ModelVersion model = new ModelVersion(UUID.randomUUID(), UUID.randomUUID(), "pets", 2, "p/", null, null, owner);

        metrics.admission(model, new AdmissionPolicy(32, Duration.ZERO, Duration.ofSeconds(2), 10));
        metrics.request(model, Operation.EMBEDDINGS, "ok", Duration.ofMillis(5));
        metrics.rejected(model, InferenceRejectedException.Reason.TIMEOUT);
        ModelWorker.Listener listener = metrics.listener(model);
        listener.batch(Operation.EMBEDDINGS, 4, Duration.ofMillis(3));
        listener.queued(Duration.ofMillis(1));

        var modelMeters = registry.getMeters().stream().filter(m -> m.getId().getTag("model") != null).toList();
        assertThat(modelMeters).extracting(m -> m.getId().getName()).contains("pretext.inference.requests",
                "pretext.inference.admission.limit", "pretext.inference.admitted", "pretext.inference.rejections",
                "pretext.inference.queue.wait", "pretext.inference.batch.time", "pretext.inference.batch.size");
        assertThat(modelMeters).allSatisfy(m -> assertThat(m.getId().getTag("tenant")).as(m.getId().getName())
                .isEqualTo(owner.toString()));
    }

    @Test
    void a_reloaded_model_replaces_its_admission_gauges() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        InferenceMetrics metrics = new InferenceMetrics(registry);
        ModelVersion model = new ModelVersion(UUID.randomUUID(), UUID.randomUUID(), "pets", 1, "p/", null, null);
        AdmissionPolicy first = new AdmissionPolicy(32, Duration.ZERO, Duration.ofSeconds(2), 10);
        metrics.admission(model, first);
        first.admit();

        AdmissionPolicy second = new AdmissionPolicy(32, Duration.ZERO, Duration.ofSeconds(2), 7);
        metrics.admission(model, second);

        assertThat(registry.get("pretext.inference.admitted").gauge().value()).isZero();
        assertThat(registry.get("pretext.inference.admission.limit").gauge().value()).isEqualTo(7.0);
        assertThat(registry.find("pretext.inference.admitted").gauges()).hasSize(1);
    }
}
