package io.pretext.security;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.pretext.web.NotFoundException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues, verifies and revokes API keys. Methods named {@code ...Own...} act on the calling tenant's
 * keys only (another tenant's key is "not found"); the others are for admins. Verified keys are
 * remembered briefly ({@link VerifiedKeyCache}); every change to a key here drops it from that cache.
 * Thread-safe.
 */
@Service
class ApiKeyService {

    /** A just-issued key and its secret, which is not stored anywhere. */
    record IssuedKey(ApiKey apiKey, String secret) {
    }

    private final ApiKeyRepository keys;
    private final TenantRepository tenants;
    private final CurrentTenant currentTenant;
    private final Clock clock;
    private final VerifiedKeyCache verified;

    ApiKeyService(ApiKeyRepository keys, TenantRepository tenants, CurrentTenant currentTenant, Clock clock,
            VerifiedKeyCache verified) {
        this.keys = keys;
        this.tenants = tenants;
        this.currentTenant = currentTenant;
        this.clock = clock;
        this.verified = verified;
    }

    /** Issues a new random key for {@code tenantId}. */
    @Transactional
    IssuedKey issue(UUID tenantId, String name, Set<Scope> scopes) {
        String secret = ApiKeySecrets.newKey();
        return store(tenantId, name, scopes, secret, ApiKeySecrets.displayPrefix(secret));
    }

    /** Stores {@code secret} as a key of {@code tenantId} (used for a configured bootstrap key). */
    @Transactional
    IssuedKey issueWithSecret(UUID tenantId, String name, Set<Scope> scopes, String secret) {
        return store(tenantId, name, scopes, secret, ApiKeySecrets.CHOSEN_KEY_PREFIX);
    }

    private IssuedKey store(UUID tenantId, String name, Set<Scope> scopes, String secret, String prefix) {
        if (!tenants.existsById(tenantId)) {
            throw new NotFoundException("Tenant", tenantId);
        }
        ApiKey key = new ApiKey(UUID.randomUUID(), tenantId, name, prefix, ApiKeySecrets.hash(secret), scopes,
                clock.instant());
        return new IssuedKey(keys.saveAndFlush(key), secret);
    }

    /**
     * Who an active key with this secret belongs to, if there is one: from the cache when it
     * verified this secret recently, else from the database. Deliberately not one transaction: a
     * cache hit must not take a database connection.
     */
    Optional<ApiKeyPrincipal> verify(String secret) {
        String hash = ApiKeySecrets.hash(secret);
        Optional<ApiKeyPrincipal> cached = verified.get(hash);
        if (cached.isPresent()) {
            return cached;
        }
        long generation = verified.generation();
        Optional<ApiKeyPrincipal> found = keys.findByKeyHash(hash).filter(ApiKey::isActive)
                .map(k -> new ApiKeyPrincipal(k.getId(), k.getTenantId(), k.getScopes()));
        found.ifPresent(principal -> verified.put(hash, principal, generation));
        return found;
    }

    @Transactional(readOnly = true)
    Page<ApiKey> listForTenant(UUID tenantId, Pageable pageable) {
        if (!tenants.existsById(tenantId)) {
            throw new NotFoundException("Tenant", tenantId);
        }
        return keys.findByTenantId(tenantId, pageable);
    }

    /** Revokes any tenant's key (admin). Idempotent. */
    @Transactional
    ApiKey revoke(UUID keyId) {
        ApiKey key = keys.findById(keyId).orElseThrow(() -> new NotFoundException("API key", keyId));
        return revokeAndForget(key);
    }

    @Transactional(readOnly = true)
    Page<ApiKey> listOwn(Pageable pageable) {
        return keys.findByTenantId(currentTenant.id(), pageable);
    }

    @Transactional(readOnly = true)
    ApiKey getOwn(UUID keyId) {
        return keys.findByIdAndTenantId(keyId, currentTenant.id())
                .orElseThrow(() -> new NotFoundException("API key", keyId));
    }

    /** Revokes one of the caller's own tenant's keys. Idempotent. */
    @Transactional
    ApiKey revokeOwn(UUID keyId) {
        ApiKey key = keys.findByIdAndTenantId(keyId, currentTenant.id())
                .orElseThrow(() -> new NotFoundException("API key", keyId));
        return revokeAndForget(key);
    }

    private ApiKey revokeAndForget(ApiKey key) {
        key.revoke(clock.instant());
        verified.invalidateAfterCommit(key.getId());
        return key;
    }
}
