package io.pretext.security;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request and response bodies of the tenant and key endpoints. */
final class SecurityViews {

    private SecurityViews() {
    }

    record CreateTenantRequest(
            @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{1,62}",
                    message = "must be 2-63 characters of a-z, 0-9 and '-', starting with a letter or digit")
            String name) {
    }

    @Schema(requiredProperties = {"id", "name", "createdAt"})
    record TenantView(UUID id, String name, Instant createdAt) {
        static TenantView of(Tenant tenant) {
            return new TenantView(tenant.getId(), tenant.getName(), tenant.getCreatedAt());
        }
    }

    record CreateKeyRequest(@NotBlank @Size(max = 100) String name, @NotEmpty Set<Scope> scopes) {
    }

    @Schema(requiredProperties = {"id", "tenantId", "name", "scopes", "createdAt", "active"})
    record KeyView(UUID id, UUID tenantId, String name, String prefix, Set<Scope> scopes, Instant createdAt,
            Instant revokedAt, boolean active) {
        static KeyView of(ApiKey key) {
            return new KeyView(key.getId(), key.getTenantId(), key.getName(), key.getKeyPrefix(), key.getScopes(),
                    key.getCreatedAt(), key.getRevokedAt(), key.isActive());
        }
    }

    /** A new key with its secret: the only time the secret is shown. */
    @Schema(requiredProperties = {"id", "tenantId", "name", "scopes", "createdAt", "key"})
    record IssuedKeyView(UUID id, UUID tenantId, String name, String prefix, Set<Scope> scopes, Instant createdAt,
            String key) {
        static IssuedKeyView of(ApiKeyService.IssuedKey issued) {
            ApiKey k = issued.apiKey();
            return new IssuedKeyView(k.getId(), k.getTenantId(), k.getName(), k.getKeyPrefix(), k.getScopes(),
                    k.getCreatedAt(), issued.secret());
        }
    }

    @Schema(requiredProperties = {"tenantId", "tenantName", "keyId", "scopes"})
    record WhoAmI(UUID tenantId, String tenantName, UUID keyId, Set<Scope> scopes) {
    }
}
