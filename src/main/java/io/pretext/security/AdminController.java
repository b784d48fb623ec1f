package io.pretext.security;

import java.net.URI;
import java.util.UUID;

import io.pretext.security.SecurityViews.CreateKeyRequest;
import io.pretext.security.SecurityViews.CreateTenantRequest;
import io.pretext.security.SecurityViews.IssuedKeyView;
import io.pretext.security.SecurityViews.KeyView;
import io.pretext.security.SecurityViews.TenantView;
import io.pretext.web.PageResponse;
import io.pretext.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Tenant and key administration; every route needs the {@code admin} scope. */
@RestController
@RequestMapping("/v1/admin")
@Tag(name = "admin", description = "Tenants and API keys (admin scope)")
class AdminController {

    private static final Sort OLDEST_FIRST = Sort.by("createdAt", "id");

    private final TenantService tenants;
    private final ApiKeyService keys;

    AdminController(TenantService tenants, ApiKeyService keys) {
        this.tenants = tenants;
        this.keys = keys;
    }

    @PostMapping("/tenants")
    @Operation(operationId = "createTenant", summary = "Create a tenant")
    @ApiResponse(responseCode = "201", description = "Created", headers = @Header(name = "Location", description = "The new resource's path",
            schema = @Schema(type = "string", format = "uri-reference")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = TenantView.class)))
    @ApiResponse(responseCode = "409", description = "A tenant with this name exists")
    ResponseEntity<TenantView> createTenant(@Valid @RequestBody CreateTenantRequest request) {
        Tenant tenant = tenants.create(request.name());
        return ResponseEntity.created(URI.create("/v1/admin/tenants/" + tenant.getId())).body(TenantView.of(tenant));
    }

    @GetMapping("/tenants")
    @Operation(operationId = "listTenants", summary = "List tenants, oldest first")
    PageResponse<TenantView> listTenants(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_SIZE) int size) {
        return PageResponse.of(tenants.list(Paging.of(page, size, OLDEST_FIRST)), TenantView::of);
    }

    @GetMapping("/tenants/{tenantId}")
    @Operation(operationId = "getTenant", summary = "Get a tenant")
    TenantView getTenant(@PathVariable UUID tenantId) {
        return TenantView.of(tenants.get(tenantId));
    }

    @PostMapping("/tenants/{tenantId}/keys")
    @Operation(operationId = "issueKey",
            summary = "Issue an API key for a tenant; the response is the only time the key is shown")
    @ApiResponse(responseCode = "201", description = "Issued", headers = @Header(name = "Location", description = "The new resource's path",
            schema = @Schema(type = "string", format = "uri-reference")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = IssuedKeyView.class)))
    ResponseEntity<IssuedKeyView> issueKey(@PathVariable UUID tenantId, @Valid @RequestBody CreateKeyRequest request) {
        IssuedKeyView issued = IssuedKeyView.of(keys.issue(tenantId, request.name(), request.scopes()));
        return ResponseEntity.created(URI.create("/v1/admin/keys/" + issued.id())).body(issued);
    }

    @GetMapping("/tenants/{tenantId}/keys")
    @Operation(operationId = "listTenantKeys", summary = "List a tenant's API keys (never their secrets)")
    PageResponse<KeyView> listKeys(@PathVariable UUID tenantId, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_SIZE) int size) {
        return PageResponse.of(keys.listForTenant(tenantId, Paging.of(page, size, OLDEST_FIRST)), KeyView::of);
    }

    @PostMapping("/keys/{keyId}/revoke")
    @Operation(operationId = "revokeAnyKey", summary = "Revoke any API key; idempotent")
    KeyView revokeKey(@PathVariable UUID keyId) {
        return KeyView.of(keys.revoke(keyId));
    }
}
