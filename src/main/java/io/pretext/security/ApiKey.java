package io.pretext.security;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * An API key as stored: its SHA-256, never the key itself. Revocation is a timestamp so the key's
 * history stays visible. Not thread-safe (JPA entity).
 */
@Entity
@Table(name = "api_keys")
class ApiKey {

    @Id
    private UUID id;

    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;

    @Column(nullable = false, length = 100)
    private String name;

    @Column(name = "key_prefix", nullable = false, length = 16)
    private String keyPrefix;

    @Column(name = "key_hash", nullable = false, unique = true, length = 64)
    private String keyHash;

    @Convert(converter = ScopesConverter.class)
    @Column(nullable = false, length = 64)
    private Set<Scope> scopes;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected ApiKey() {
    }

    ApiKey(UUID id, UUID tenantId, String name, String keyPrefix, String keyHash, Set<Scope> scopes,
            Instant createdAt) {
        this.id = id;
        this.tenantId = tenantId;
        this.name = name;
        this.keyPrefix = keyPrefix;
        this.keyHash = keyHash;
        this.scopes = EnumSet.copyOf(scopes);
        this.createdAt = createdAt;
    }

    /** Marks the key revoked at {@code now}; a second call keeps the first time. */
    void revoke(Instant now) {
        if (revokedAt == null) {
            revokedAt = now;
        }
    }

    boolean isActive() {
        return revokedAt == null;
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

    String getKeyPrefix() {
        return keyPrefix;
    }

    Set<Scope> getScopes() {
        return EnumSet.copyOf(scopes);
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    Instant getRevokedAt() {
        return revokedAt;
    }
}
