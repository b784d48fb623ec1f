package io.pretext.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts failed API key checks per client (remote address) in a fixed window from its first
 * failure, and refuses a client that reached the limit until its window ends, so that guessing keys
 * costs time. Counts both outcomes in {@code pretext.auth.failures{outcome=invalid|throttled}}.
 * Thread-safe.
 */
final class AuthenticationThrottle {

    /** Above this many clients, expired windows are swept before a new one is added. */
    private static final int SWEEP_ABOVE = 10_000;

    private record Window(Instant end, int failures) {
    }

    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final Clock clock;
    private final AuthThrottleProperties limits;
    private final Counter invalid;
    private final Counter throttled;

    AuthenticationThrottle(Clock clock, AuthThrottleProperties limits, MeterRegistry meters) {
        this.clock = clock;
        this.limits = limits;
        this.invalid = counter(meters, "invalid");
        this.throttled = counter(meters, "throttled");
    }

    /**
     * How long {@code client} must still wait, counted as a throttled request; empty when its key may
     * be checked now.
     */
    Optional<Duration> refusal(String client) {
        Instant now = clock.instant();
        Window window = windows.get(client);
        if (window == null || !now.isBefore(window.end()) || window.failures() < limits.maxFailures()) {
            return Optional.empty();
        }
        throttled.increment();
        return Optional.of(Duration.between(now, window.end()));
    }

    /** Records that {@code client} sent a key that is unknown, revoked or malformed. */
    void recordFailure(String client) {
        invalid.increment();
        Instant now = clock.instant();
        if (windows.size() > SWEEP_ABOVE) {
            windows.values().removeIf(w -> !now.isBefore(w.end()));
        }
        windows.compute(client, (k, w) -> w == null || !now.isBefore(w.end())
                ? new Window(now.plus(limits.window()), 1)
                : new Window(w.end(), w.failures() + 1));
    }

    private static Counter counter(MeterRegistry meters, String outcome) {
        return Counter.builder("pretext.auth.failures").tag("outcome", outcome)
                .description("Requests refused for their API key: invalid, or throttled after repeated failures")
                .register(meters);
    }
}
