package io.pretext.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * API keys that the database recently confirmed as active, by the SHA-256 of their secret (never
 * the secret), each for {@link KeyCacheProperties#ttl()}. Only successes are remembered: a wrong
 * key costs a database lookup every time (and counts against the client's throttle), so guesses
 * cannot fill memory; at most {@link KeyCacheProperties#maxSize()} keys are held.
 *
 * <p>A change to a key in this process (revocation) drops it at once: {@link #invalidateAfterCommit}.
 * A lookup that read the database before such a change cannot put the old answer back, because a
 * result is only stored when no invalidation happened since the lookup began ({@link #generation()}).
 * Other processes learn of the change when their entry expires.
 *
 * <p>Thread-safe: reads are lock-free; stores and invalidations are serialised (they are rare).
 * Counts lookups in {@code pretext.auth.key.lookups{source=cache|database}}.
 */
@Component
final class VerifiedKeyCache {

    private record Entry(ApiKeyPrincipal principal, Instant expires) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final KeyCacheProperties limits;
    private final Counter hits;
    private final Counter misses;
    private volatile long generation;

    VerifiedKeyCache(Clock clock, KeyCacheProperties limits, MeterRegistry meters) {
        this.clock = clock;
        this.limits = limits;
        this.hits = counter(meters, "cache");
        this.misses = counter(meters, "database");
    }

    /** The still-fresh key with this secret hash, counted as a hit or a miss. */
    Optional<ApiKeyPrincipal> get(String keyHash) {
        Entry entry = entries.get(keyHash);
        if (entry != null && clock.instant().isBefore(entry.expires())) {
            hits.increment();
            return Optional.of(entry.principal());
        }
        misses.increment();
        return Optional.empty();
    }

    /** Take this before reading the database and hand it to {@link #put}. */
    long generation() {
        return generation;
    }

    /**
     * Remembers a key the database just confirmed, unless some key was invalidated since
     * {@code generationBeforeLookup} (the answer may be stale) or the cache is off.
     */
    synchronized void put(String keyHash, ApiKeyPrincipal principal, long generationBeforeLookup) {
        if (!limits.enabled() || generationBeforeLookup != generation) {
            return;
        }
        Instant now = clock.instant();
        if (!entries.containsKey(keyHash) && entries.size() >= limits.maxSize()) {
            entries.values().removeIf(e -> !now.isBefore(e.expires()));
            Iterator<String> any = entries.keySet().iterator();
            if (entries.size() >= limits.maxSize() && any.hasNext()) {
                entries.remove(any.next());
            }
        }
        entries.put(keyHash, new Entry(principal, now.plus(limits.ttl())));
    }

    /** Forgets key {@code keyId} now, and makes lookups already under way not store what they read. */
    synchronized void invalidate(UUID keyId) {
        generation++;
        entries.values().removeIf(e -> e.principal().keyId().equals(keyId));
    }

    /**
     * {@link #invalidate} once the current transaction commits (earlier, a concurrent lookup could
     * still read the old row and store it), or now when there is no transaction.
     */
    void invalidateAfterCommit(UUID keyId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            invalidate(keyId);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                invalidate(keyId);
            }
        });
    }

    /** How many keys are held, expired ones included until they are swept. */
    int size() {
        return entries.size();
    }

    private static Counter counter(MeterRegistry meters, String source) {
        return Counter.builder("pretext.auth.key.lookups").tag("source", source)
                .description("API key checks answered from the in-process cache or by the database")
                .register(meters);
    }
}
