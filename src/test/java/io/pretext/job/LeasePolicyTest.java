package io.pretext.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class LeasePolicyTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    final LeasePolicy policy = new LeasePolicy(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(60));

    @Test
    void a_lease_expires_after_its_duration_and_a_heartbeat_extends_it() {
        Instant expiry = policy.leaseExpiry(clock.instant());

        clock.advance(Duration.ofSeconds(30));
        assertThat(policy.isExpired(expiry, clock.instant())).isFalse();
        clock.advance(Duration.ofMillis(1));
        assertThat(policy.isExpired(expiry, clock.instant())).isTrue();

        Instant renewed = policy.leaseExpiry(clock.instant());
        clock.advance(Duration.ofSeconds(29));
        assertThat(policy.isExpired(renewed, clock.instant())).isFalse();
    }

    @Test
    void a_worker_counts_its_lease_as_held_only_until_renewal_plus_duration_strictly() {
        Instant renewed = clock.instant();

        clock.advance(Duration.ofSeconds(29));
        assertThat(policy.holds(renewed, clock.instant())).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(policy.holds(renewed, clock.instant())).as("at the expiry instant another worker may claim").isFalse();
    }

    @Test
    void back_off_doubles_per_attempt_up_to_the_cap() {
        Instant now = clock.instant();

        assertThat(Duration.between(now, policy.retryAt(now, 1))).isEqualTo(Duration.ofSeconds(5));
        assertThat(Duration.between(now, policy.retryAt(now, 2))).isEqualTo(Duration.ofSeconds(10));
        assertThat(Duration.between(now, policy.retryAt(now, 4))).isEqualTo(Duration.ofSeconds(40));
        assertThat(Duration.between(now, policy.retryAt(now, 5))).isEqualTo(Duration.ofSeconds(60));
        assertThat(Duration.between(now, policy.retryAt(now, 40))).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void max_restarts_allow_one_more_attempt_than_restarts() {
        assertThat(policy.mayRetry(1, 2)).isTrue();
        assertThat(policy.mayRetry(2, 2)).isTrue();
        assertThat(policy.mayRetry(3, 2)).isFalse();
        assertThat(policy.mayRetry(1, 0)).isFalse();
    }
}
