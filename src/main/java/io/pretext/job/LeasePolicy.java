package io.pretext.job;

import java.time.Duration;
import java.time.Instant;

/**
 * The rules of leases and retries, free of I/O so they can be tested with a settable clock.
 * A claimed job holds a lease of {@code leaseDuration}, renewed by each heartbeat; a lease past its
 * expiry means the worker is gone. A failed attempt is retried after an exponential back-off
 * ({@code baseBackoff * 2^(attempt-1)}, capped at {@code maxBackoff}) while the job has restarts
 * left: {@code maxRestarts} restarts allow {@code maxRestarts + 1} attempts. Immutable.
 */
public record LeasePolicy(Duration leaseDuration, Duration baseBackoff, Duration maxBackoff) {

    public LeasePolicy {
        if (leaseDuration.isNegative() || leaseDuration.isZero()) {
            throw new IllegalArgumentException("lease duration must be positive");
        }
    }

    /** 30 s leases, back-off from 5 s to 5 min. */
    public static LeasePolicy defaults() {
        return new LeasePolicy(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(5));
    }

    /** When a lease taken or renewed at {@code now} runs out. */
    public Instant leaseExpiry(Instant now) {
        return now.plus(leaseDuration);
    }

    /** True when a lease that runs out at {@code expiry} has run out at {@code now}. */
    public boolean isExpired(Instant expiry, Instant now) {
        return expiry != null && now.isAfter(expiry);
    }

    /**
     * True while a lease last renewed at {@code renewedAt} still holds at {@code now}
     * ({@code renewedAt + leaseDuration > now}): until then no other worker can have claimed the job.
     */
    public boolean holds(Instant renewedAt, Instant now) {
        return leaseExpiry(renewedAt).isAfter(now);
    }

    /** True when a job whose attempt number {@code attempt} (1-based) failed may run again. */
    public boolean mayRetry(int attempt, int maxRestarts) {
        return attempt <= maxRestarts;
    }

    /** The earliest time the next attempt after failed attempt {@code attempt} may start. */
    public Instant retryAt(Instant now, int attempt) {
        int doublings = Math.max(0, Math.min(attempt - 1, 30));
        Duration backoff = baseBackoff.multipliedBy(1L << doublings);
        return now.plus(backoff.compareTo(maxBackoff) > 0 ? maxBackoff : backoff);
    }
}
