package io.pretext.security;

import java.util.UUID;

import io.pretext.security.SecurityViews.KeyView;
import io.pretext.security.SecurityViews.WhoAmI;
import io.pretext.web.PageResponse;
import io.pretext.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.data.domain.Sort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own identity and its tenant's keys. */
@RestController
@Tag(name = "keys", description = "Who am I, and my tenant's API keys")
class KeysController {

    private final ApiKeyService keys;
    private final TenantService tenants;
    private final CurrentTenant currentTenant;

    KeysController(ApiKeyService keys, TenantService tenants, CurrentTenant currentTenant) {
        this.keys = keys;
        this.tenants = tenants;
        this.currentTenant = currentTenant;
    }

    @GetMapping("/v1/me")
    @Operation(operationId = "whoAmI", summary = "The calling key, its tenant and scopes")
    WhoAmI me() {
        ApiKeyPrincipal principal = currentTenant.principal();
        return new WhoAmI(principal.tenantId(), tenants.get(principal.tenantId()).getName(), principal.keyId(),
                principal.scopes());
    }

    @GetMapping("/v1/keys")
    @Operation(operationId = "listKeys", summary = "List my tenant's API keys, oldest first")
    PageResponse<KeyView> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_SIZE) int size) {
        return PageResponse.of(keys.listOwn(Paging.of(page, size, Sort.by("createdAt", "id"))), KeyView::of);
    }

    @GetMapping("/v1/keys/{keyId}")
    @Operation(operationId = "getKey", summary = "Get one of my tenant's API keys")
    KeyView get(@PathVariable UUID keyId) {
        return KeyView.of(keys.getOwn(keyId));
    }

    @PostMapping("/v1/keys/{keyId}/revoke")
    @Operation(operationId = "revokeKey", summary = "Revoke one of my tenant's API keys; idempotent")
    KeyView revoke(@PathVariable UUID keyId) {
        return KeyView.of(keys.revokeOwn(keyId));
    }
}
