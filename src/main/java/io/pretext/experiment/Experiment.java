package io.pretext.experiment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An experiment's row: the normalized spec as JSON. Not thread-safe (JPA entity). */
@Entity
@Table(name = "experiments")
class Experiment {

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(nullable = false)
    private String spec;

    @Column(name = "idempotency_key", length = 200)
    private String idempotencyKey;

    @Column(name = "request_sha256", length = 64)
    private String requestSha256;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected Experiment() {
    }

    Experiment(UUID id, UUID tenantId, String name, String spec, String idempotencyKey, String requestSha256,
            Instant createdAt) {
        this.id = id;
        this.tenantId = tenantId;
        this.name = name;
        this.spec = spec;
        this.idempotencyKey = idempotencyKey;
        this.requestSha256 = requestSha256;
        this.createdAt = createdAt;
    }

    UUID getId() {
        return id;
    }

    UUID getTenantId() {
        return tenantId;
    }

    String getName() {
        return name;
    }

    String getSpec() {
        return spec;
    }

    String getIdempotencyKey() {
        return idempotencyKey;
    }

    String getRequestSha256() {
        return requestSha256;
    }

    Instant getCreatedAt() {
        return createdAt;
    }
}
