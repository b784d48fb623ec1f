package io.pretext.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code pretext.security.key-cache.*}: how long and how many verified API keys one process
 * remembers, so that a request need not look its key up in the database. Immutable.
 *
 * @param ttl how long a verified key is trusted without asking the database again; also the
 *     longest a key revoked through <em>another</em> process still works here. Zero turns the
 *     cache off
 * @param maxSize most keys remembered; at the limit expired keys are dropped first, then an
 *     arbitrary one
 */
@ConfigurationProperties("pretext.security.key-cache")
public record KeyCacheProperties(@DefaultValue("30s") Duration ttl, @DefaultValue("10000") int maxSize) {

    public KeyCacheProperties {
        if (ttl == null || ttl.isNegative()) {
            throw new IllegalArgumentException("pretext.security.key-cache.ttl must be zero (off) or positive");
        }
        if (maxSize < 1) {
            throw new IllegalArgumentException("pretext.security.key-cache.max-size must be at least 1");
        }
    }

    /** Whether keys are cached at all. */
    boolean enabled() {
        return !ttl.isZero();
    }
}
