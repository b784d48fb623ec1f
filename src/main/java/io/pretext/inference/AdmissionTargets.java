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
 * that admission control answers a request without a registry lookup: under overload most
 * requests are refused, and a refusal must cost far less than serving. Only admission reads it
 * (whose counter to check); the request itself is still resolved by the registry, so an alias
 * moved less than {@code ttl} ago at worst charges the old version's limit once more. Keyed by
 * tenant, since a name means another model in another tenant. Holds at most {@code maxEntries}
 * (then starts afresh). Thread-safe.
 */
final class AdmissionTargets {

    private record Key(UUID tenantId, String reference) {
    }

    private record Target(ModelVersion model, Instant expires) {
    }

    private final Map<Key, Target> targets = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;

    AdmissionTargets(Duration ttl, int maxEntries, Clock clock) {
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
