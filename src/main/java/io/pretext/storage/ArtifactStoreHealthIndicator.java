package io.pretext.storage;

import java.io.IOException;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Readiness contributor {@code artifactStore}: DOWN when the store cannot be reached or written. */
@Component("artifactStoreHealthIndicator")
class ArtifactStoreHealthIndicator implements HealthIndicator {

    private final ArtifactStore store;

    ArtifactStoreHealthIndicator(ArtifactStore store) {
        this.store = store;
    }

    @Override
    public Health health() {
        try {
            store.checkAvailable();
            return Health.up().withDetail("store", store.describe()).build();
        } catch (IOException | RuntimeException e) {
            return Health.down().withDetail("store", store.describe()).withDetail("error", e.getMessage()).build();
        }
    }
}
