package io.pretext.security;

import java.util.UUID;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * The tenant of the request being served, for services that read or write tenant-owned rows:
 * they filter by {@link #id()} themselves, so a controller cannot forget to. Fails closed: with no
 * authenticated API key there is no tenant. Thread-safe (reads the thread's security context).
 */
@Component
public class CurrentTenant {

    /**
     * The calling tenant's id.
     *
     * @throws IllegalStateException when no API key authenticated this thread's request
     */
    public UUID id() {
        return principal().tenantId();
    }

    /** The calling API key. */
    public ApiKeyPrincipal principal() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof ApiKeyPrincipal principal) {
            return principal;
        }
        throw new IllegalStateException("No tenant: this code must run for a request authenticated with an API key");
    }
}
