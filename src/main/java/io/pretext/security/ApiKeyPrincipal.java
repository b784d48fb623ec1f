package io.pretext.security;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * Who is calling: the API key and the tenant it belongs to. Immutable.
 *
 * @param keyId the key's id, never null
 * @param tenantId the owning tenant's id, never null
 * @param scopes what the key may do, never null
 */
public record ApiKeyPrincipal(UUID keyId, UUID tenantId, Set<Scope> scopes) {

    public ApiKeyPrincipal {
        EnumSet<Scope> sorted = EnumSet.noneOf(Scope.class);
        sorted.addAll(scopes);
        scopes = Collections.unmodifiableSet(sorted);
    }
}
