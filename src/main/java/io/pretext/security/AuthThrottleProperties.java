package io.pretext.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code pretext.security.auth-throttle.*}: how many wrong API keys one client may send before it
 * must wait. Immutable.
 *
 * @param maxFailures failed key checks allowed per client within one window
 * @param window how long a client's count lasts from its first failure; a client that used up
 *     {@code maxFailures} is refused with 429 until the window ends
 */
@ConfigurationProperties("pretext.security.auth-throttle")
public record AuthThrottleProperties(@DefaultValue("10") int maxFailures, @DefaultValue("1m") Duration window) {

    public AuthThrottleProperties {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("pretext.security.auth-throttle.max-failures must be at least 1");
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("pretext.security.auth-throttle.window must be positive");
        }
    }
}
