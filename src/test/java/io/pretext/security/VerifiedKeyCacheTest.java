package io.pretext.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pretext.job.MutableClock;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The verified-key cache on a settable clock: expiry, invalidation, the bound, stale lookups. */
class VerifiedKeyCacheTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
    private final MeterRegistry meters = new SimpleMeterRegistry();

    private VerifiedKeyCache cache(Duration ttl, int maxSize) {
        return new VerifiedKeyCache(clock, new KeyCacheProperties(ttl, maxSize), meters);
    }

    private static ApiKeyPrincipal principal() {
        return new ApiKeyPrincipal(UUID.randomUUID(), UUID.randomUUID(), EnumSet.of(Scope.READ));
    }

    @Test
    void a_verified_key_is_served_until_its_ttl_passes() {
        VerifiedKeyCache cache = cache(Duration.ofSeconds(30), 100);
        ApiKeyPrincipal key = principal();

        cache.put("h1", key, cache.generation());
        clock.advance(Duration.ofSeconds(29));
        assertThat(cache.get("h1")).contains(key);

        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("h1")).isEmpty();
        assertThat(meters.get("pretext.auth.key.lookups").tag("source", "cache").counter().count()).isEqualTo(1);
        assertThat(meters.get("pretext.auth.key.lookups").tag("source", "database").counter().count()).isEqualTo(1);
    }

    @Test
    void invalidating_a_key_drops_it_and_only_it_at_once() {
        VerifiedKeyCache cache = cache(Duration.ofSeconds(30), 100);
        ApiKeyPrincipal revoked = principal();
        ApiKeyPrincipal other = principal();
        cache.put("h1", revoked, cache.generation());
        cache.put("h2", other, cache.generation());

        cache.invalidate(revoked.keyId());

        assertThat(cache.get("h1")).isEmpty();
        assertThat(cache.get("h2")).contains(other);
    }

    @Test
    void a_lookup_that_began_before_an_invalidation_does_not_store_its_answer() {
        VerifiedKeyCache cache = cache(Duration.ofSeconds(30), 100);
        ApiKeyPrincipal key = principal();
        long before = cache.generation();

        cache.invalidate(key.keyId());
        cache.put("h1", key, before);

        assertThat(cache.get("h1")).isEmpty();
        cache.put("h1", key, cache.generation());
        assertThat(cache.get("h1")).contains(key);
    }

    @Test
    void inside_a_transaction_the_key_is_dropped_only_when_it_commits() {
        VerifiedKeyCache cache = cache(Duration.ofSeconds(30), 100);
        ApiKeyPrincipal key = principal();
        cache.put("h1", key, cache.generation());
        TransactionSynchronizationManager.initSynchronization();
        try {
            cache.invalidateAfterCommit(key.keyId());
            assertThat(cache.get("h1")).as("before commit").contains(key);

            TransactionSynchronizationManager.getSynchronizations().forEach(TransactionSynchronization::afterCommit);
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }

        assertThat(cache.get("h1")).isEmpty();
    }

    @Test
    void the_cache_never_holds_more_than_its_bound_and_drops_expired_keys_first() {
        VerifiedKeyCache cache = cache(Duration.ofSeconds(30), 3);
        ApiKeyPrincipal old = principal();
        cache.put("old", old, cache.generation());
        clock.advance(Duration.ofSeconds(20));
        ApiKeyPrincipal a = principal();
        ApiKeyPrincipal b = principal();
        cache.put("a", a, cache.generation());
        cache.put("b", b, cache.generation());
        clock.advance(Duration.ofSeconds(10));

        ApiKeyPrincipal c = principal();
        cache.put("c", c, cache.generation());

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.get("a")).contains(a);
        assertThat(cache.get("b")).contains(b);
        assertThat(cache.get("c")).contains(c);
        for (int i = 0; i < 1000; i++) {
            cache.put("k" + i, principal(), cache.generation());
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
        assertThat(cache.get("k999")).isPresent();
    }

    @Test
    void a_zero_ttl_turns_the_cache_off() {
        VerifiedKeyCache cache = cache(Duration.ZERO, 100);

        cache.put("h1", principal(), cache.generation());

        assertThat(cache.get("h1")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void limits_are_checked() {
        assertThatThrownBy(() -> new KeyCacheProperties(Duration.ofSeconds(-1), 10)).hasMessageContaining("ttl");
        assertThatThrownBy(() -> new KeyCacheProperties(Duration.ofSeconds(30), 0)).hasMessageContaining("max-size");
    }
}
