package io.pretext.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Before authentication: the bearer secret. After: the {@link ApiKeyPrincipal} with one
 * {@code SCOPE_*} authority per scope. Immutable once authenticated.
 */
final class ApiKeyAuthenticationToken extends AbstractAuthenticationToken {

    private final transient String secret;
    private final ApiKeyPrincipal principal;

    private ApiKeyAuthenticationToken(String secret, ApiKeyPrincipal principal) {
        super(principal == null ? List.of()
                : principal.scopes().stream().map(s -> new SimpleGrantedAuthority(s.authority())).toList());
        this.secret = secret;
        this.principal = principal;
        setAuthenticated(principal != null);
    }

    static ApiKeyAuthenticationToken unauthenticated(String secret) {
        return new ApiKeyAuthenticationToken(secret, null);
    }

    static ApiKeyAuthenticationToken authenticated(ApiKeyPrincipal principal) {
        return new ApiKeyAuthenticationToken(null, principal);
    }

    @Override
    public Object getCredentials() {
        return secret;
    }

    @Override
    public Object getPrincipal() {
        return principal;
    }
}
