package io.pretext.model;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;

/** {@link ModelPublisher} over {@link ModelRegistrar}. Thread-safe. */
@Component
class ModelPublishing implements ModelPublisher {

    private final ModelRegistrar registrar;

    ModelPublishing(ModelRegistrar registrar) {
        this.registrar = registrar;
    }

    @Override
    public Optional<Integer> publish(UUID tenantId, UUID experimentId, UUID jobId, String modelName, String alias)
            throws IOException {
        if (!ModelPublisher.validAlias(alias)) {
            throw new IllegalArgumentException("not an alias: " + alias);
        }
        return registrar.publish(tenantId, experimentId, jobId, modelName, alias);
    }
}
