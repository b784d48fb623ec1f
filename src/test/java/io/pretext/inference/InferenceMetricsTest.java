package io.pretext.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pretext.model.ModelVersion;
import org.junit.jupiter.api.Test;

/** A model loaded again reports its new admission state, not the unloaded copy's. */
class InferenceMetricsTest {

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
