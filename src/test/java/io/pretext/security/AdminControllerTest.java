package io.pretext.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pretext.web.ConflictException;
import io.pretext.web.ProblemResponseWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/** The admin routes' HTTP contract, with the services mocked. */
@WebMvcTest(AdminController.class)
@Import({SecurityConfiguration.class, ProblemResponseWriter.class, CurrentTenant.class})
class AdminControllerTest {

    @TestConfiguration
    static class ThrottleDependencies {
        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    static final String ADMIN_SECRET = "ptx_admin-secret-for-slice-test";
    static final String READER_SECRET = "ptx_reader-secret-for-slice-test";

    @Autowired
    MockMvcTester mvc;

    @MockitoBean
    TenantService tenants;

    @MockitoBean
    ApiKeyService keys;

    @BeforeEach
    void keys() {
        UUID tenant = UUID.randomUUID();
        when(keys.verify(anyString())).thenReturn(Optional.empty());
        when(keys.verify(ADMIN_SECRET)).thenReturn(Optional.of(principal(tenant, EnumSet.allOf(Scope.class))));
        when(keys.verify(READER_SECRET)).thenReturn(Optional.of(principal(tenant, EnumSet.of(Scope.READ))));
    }

    @Test
    void creating_a_tenant_answers_201_with_location() {
        Tenant created = new Tenant(UUID.randomUUID(), "acme", Instant.parse("2026-01-01T00:00:00Z"));
        when(tenants.create("acme")).thenReturn(created);

        var result = mvc.post().uri("/v1/admin/tenants").header("Authorization", "Bearer " + ADMIN_SECRET)
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"acme\"}").exchange();

        verify(tenants).create("acme");
        assertThat(result).hasStatus(201).hasHeader("Location", "/v1/admin/tenants/" + created.getId());
        assertThat(result).bodyJson().extractingPath("$.id").isEqualTo(created.getId().toString());
        assertThat(result).bodyJson().extractingPath("$.name").isEqualTo("acme");
        assertThat(result).bodyJson().extractingPath("$.createdAt").isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void an_invalid_tenant_name_is_a_400_listing_the_field_and_nothing_is_created() {
        var result = mvc.post().uri("/v1/admin/tenants").header("Authorization", "Bearer " + ADMIN_SECRET)
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Not Valid!\"}").exchange();

        assertThat(result).hasStatus(400).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(result).bodyJson().extractingPath("$.errors[0].field").isEqualTo("name");
        verify(tenants, never()).create(anyString());
    }

    @Test
    void a_duplicate_name_is_a_409() {
        when(tenants.create("taken")).thenThrow(new ConflictException("A tenant named 'taken' already exists"));

        var result = mvc.post().uri("/v1/admin/tenants").header("Authorization", "Bearer " + ADMIN_SECRET)
                .contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"taken\"}").exchange();

        assertThat(result).hasStatus(409).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void issuing_a_key_passes_on_the_requested_name_and_scopes_and_returns_the_issued_key_with_its_secret_once() {
        UUID tenant = UUID.randomUUID();
        UUID keyId = UUID.randomUUID();
        Instant createdAt = Instant.parse("2026-02-03T04:05:06Z");
        when(keys.issue(any(), any(), any())).thenAnswer(call -> new ApiKeyService.IssuedKey(
                new ApiKey(keyId, call.getArgument(0), call.getArgument(1), "ptx_abcdefgh", "0".repeat(64),
                        call.getArgument(2), createdAt), "ptx_secret"));

        var result = mvc.post().uri("/v1/admin/tenants/" + tenant + "/keys")
                .header("Authorization", "Bearer " + ADMIN_SECRET).contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"ci\",\"scopes\":[\"write\",\"READ\"]}").exchange();

        @SuppressWarnings("unchecked")
        ArgumentCaptor<Set<Scope>> scopes = ArgumentCaptor.forClass(Set.class);
        verify(keys).issue(eq(tenant), eq("ci"), scopes.capture());
        assertThat(scopes.getValue()).containsExactlyInAnyOrder(Scope.READ, Scope.WRITE);
        assertThat(result).hasStatus(201).hasHeader("Location", "/v1/admin/keys/" + keyId);
        assertThat(result).bodyJson().extractingPath("$.id").isEqualTo(keyId.toString());
        assertThat(result).bodyJson().extractingPath("$.tenantId").isEqualTo(tenant.toString());
        assertThat(result).bodyJson().extractingPath("$.name").isEqualTo("ci");
        assertThat(result).bodyJson().extractingPath("$.prefix").isEqualTo("ptx_abcdefgh");
        assertThat(result).bodyJson().extractingPath("$.createdAt").isEqualTo("2026-02-03T04:05:06Z");
        assertThat(result).bodyJson().extractingPath("$.scopes").asArray().containsExactlyInAnyOrder("read", "write");
        assertThat(result).bodyJson().extractingPath("$.key").isEqualTo("ptx_secret");
        assertThat(result).bodyJson().doesNotHavePath("$.keyHash");
    }

    @Test
    void a_key_without_admin_scope_gets_403_and_no_key_gets_401() {
        assertThat(mvc.get().uri("/v1/admin/tenants").header("Authorization", "Bearer " + READER_SECRET))
                .hasStatus(403).hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(mvc.get().uri("/v1/admin/tenants")).hasStatus(401);
        assertThat(mvc.get().uri("/v1/admin/tenants").header("Authorization", "Bearer ptx_unknown-key-xxxxxxxx"))
                .hasStatus(401);
        verify(tenants, never()).list(any());
    }

    private static ApiKeyPrincipal principal(UUID tenant, Set<Scope> scopes) {
        return new ApiKeyPrincipal(UUID.randomUUID(), tenant, scopes);
    }
}
