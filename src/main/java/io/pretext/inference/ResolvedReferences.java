package io.pretext.inference;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.pretext.model.ModelVersion;

/**
 * Which version a tenant's model reference (e.g. {@code pets@champion}) selected a moment ago, so
 * that an inference request is admitted and served without a registry lookup (a database
 * transaction: measured at a quarter of a one-image request's server CPU). A registry change
 * reaches inference within {@code ttl}: at worst a request that arrives less than {@code ttl}
 * after an alias moved or a version was registered is answered by the version selected before.
 * Keyed by tenant, since a name means another model in another tenant. Holds at most
 * {@code maxEntries} (then starts afresh). Thread-safe.
 */
final class ResolvedReferences {

    private record Key(UUID tenantId, String reference) {
    }

    private record Target(ModelVersion model, Instant expires) {
    }

    private final Map<Key, Target> targets = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;

    ResolvedReferences(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** The version {@code reference} selected for the tenant within {@code ttl}, or null. */
    ModelVersion get(UUID tenantId, String reference) {
        Target target = targets.get(new Key(tenantId, reference));
        return target == null || clock.instant().isAfter(target.expires()) ? null : target.model();
    }

    /** Remembers what {@code reference} selected for the tenant now. */
    void put(UUID tenantId, String reference, ModelVersion model) {
        if (targets.size() >= maxEntries) {
            targets.clear();
        }
        targets.put(new Key(tenantId, reference), new Target(model, clock.instant().plus(ttl)));
    }
}
