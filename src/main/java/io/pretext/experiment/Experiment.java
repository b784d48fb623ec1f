package io.pretext.experiment;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import org.springframework.data.domain.Persistable;

/**
 * An experiment's row: the normalized spec as JSON. New until stored, so that saving one inserts
 * without first selecting its id (the id is assigned here, which alone would make Spring Data merge).
 * Not thread-safe (JPA entity).
 */
@Entity
@Table(name = "experiments")
class Experiment implements Persistable<UUID> {

    @Transient
    private boolean stored;

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

    @Override
    public UUID getId() {
        return id;
    }

    @Override
    public boolean isNew() {
        return !stored;
    }

    @PostLoad
    @PostPersist
    void markStored() {
        stored = true;
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

    String getRequestSha256() {
        return requestSha256;
    }

    Instant getCreatedAt() {
        return createdAt;
    }
}
