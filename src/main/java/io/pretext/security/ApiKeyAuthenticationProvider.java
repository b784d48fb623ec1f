package io.pretext.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/** Checks a bearer secret against the stored key hashes (or recently verified ones). Thread-safe. */
final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

    private final ApiKeyService keys;

    ApiKeyAuthenticationProvider(ApiKeyService keys) {
        this.keys = keys;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String secret = (String) authentication.getCredentials();
        return ApiKeyAuthenticationToken.authenticated(keys.verify(secret)
                .orElseThrow(() -> new BadCredentialsException("The API key is unknown or has been revoked")));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return ApiKeyAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
