package io.pretext.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code pretext.security.*}. Immutable.
 *
 * @param bootstrapKey the admin key to create on first start with an empty database
 *     ({@code PRETEXT_BOOTSTRAP_KEY}); null to generate one and print it once
 */
@ConfigurationProperties("pretext.security")
public record SecurityProperties(String bootstrapKey) {

    public SecurityProperties {
        if (bootstrapKey != null && bootstrapKey.isBlank()) {
            bootstrapKey = null;
        }
        if (bootstrapKey != null && bootstrapKey.length() < ApiKeySecrets.MIN_LENGTH) {
            throw new IllegalArgumentException("PRETEXT_BOOTSTRAP_KEY must be at least " + ApiKeySecrets.MIN_LENGTH
                    + " characters long");
        }
    }
}
