package io.pretext.inference;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Whether the server can serve, for the Open Inference Protocol's {@code /v2/health/ready}: the
 * same answer as {@code /actuator/health/readiness} (accepting traffic, database and artifact
 * store reachable). Thread-safe.
 */
@Component
class ServerReadiness {

    private final ObjectProvider<HealthEndpoint> health;

    ServerReadiness(ObjectProvider<HealthEndpoint> health) {
        this.health = health;
    }

    /** True when the readiness group is UP, or when there is no health endpoint to ask. */
    boolean ready() {
        HealthEndpoint endpoint = health.getIfAvailable();
        if (endpoint == null) {
            return true;
        }
        HealthDescriptor readiness = endpoint.healthForPath("readiness");
        return readiness == null || Status.UP.equals(readiness.getStatus());
    }
}
