package io.pretext.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.Response;
import io.pretext.testing.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class ApiSecurityIntegrationTest {

    private static final String ADMIN = IntegrationTest.ADMIN_KEY;

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    @Test
    void without_a_key_a_protected_route_answers_401_problem() {
        Response response = api.get("/v1/datasets", null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.raw().headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(response.json().get("detail").asString()).contains("Authorization: Bearer");
    }

    @Test
    void an_unknown_key_and_a_malformed_header_answer_401() {
        assertThat(api.get("/v1/me", "ptx_not-a-real-key-at-all").status()).isEqualTo(401);
        Response basic = api.send("GET", "/v1/me", null, null, null);
        assertThat(basic.status()).isEqualTo(401);
    }

    @Test
    void with_the_admin_key_an_unknown_route_answers_404_problem() {
        Response response = api.get("/v1/no-such-route", ADMIN);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains("/v1/no-such-route");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"})
    void the_error_route_needs_a_key_and_never_answers_5xx(String method) {
        Response anonymous = api.send(method, "/error", null, null, null);
        Response withKey = api.send(method, "/error", ADMIN, null, null);

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(withKey.status()).isLessThan(500);
        if (!method.equals("HEAD")) {
            assertThat(anonymous.contentType()).startsWith("application/problem+json");
        }
        if (!method.equals("HEAD") && !method.equals("OPTIONS")) {
            assertThat(withKey.status()).isEqualTo(404);
            assertThat(withKey.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void the_bootstrap_key_is_an_admin_of_the_admin_tenant() {
        Response me = api.get("/v1/me", ADMIN);

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("tenantName").asString()).isEqualTo("admin");
        assertThat(me.json().get("scopes").values()).extracting(n -> n.asString())
                .containsExactly("read", "write", "admin", "metrics");
    }

    @Test
    void a_key_of_tenant_b_cannot_see_tenant_a_keys() {
        UUID tenantA = createTenant("tenant-a-" + shortId());
        UUID tenantB = createTenant("tenant-b-" + shortId());
        Response keyA = issueKey(tenantA, List.of("read", "write"));
        String secretB = issueKey(tenantB, List.of("read", "write")).json().get("key").asString();
        String keyAId = keyA.json().get("id").asString();

        Response asB = api.get("/v1/keys/" + keyAId, secretB);
        Response asA = api.get("/v1/keys/" + keyAId, keyA.json().get("key").asString());
        Response revokeAsB = api.post("/v1/keys/" + keyAId + "/revoke", secretB, "");
        Response listAsB = api.get("/v1/keys", secretB);

        assertThat(asB.status()).isEqualTo(404);
        assertThat(asB.contentType()).startsWith("application/problem+json");
        assertThat(asA.status()).isEqualTo(200);
        assertThat(revokeAsB.status()).isEqualTo(404);
        assertThat(listAsB.json().get("items").values()).extracting(n -> n.get("tenantId").asString())
                .containsOnly(tenantB.toString());
        assertThat(api.get("/v1/keys/" + keyAId, keyA.json().get("key").asString()).json().get("active").asBoolean())
                .isTrue();
    }

    @Test
    void a_missing_scope_answers_403_naming_it() {
        UUID tenant = createTenant("readonly-" + shortId());
        String readOnly = issueKey(tenant, List.of("read")).json().get("key").asString();

        Response write = api.post("/v1/keys/" + UUID.randomUUID() + "/revoke", readOnly, "");
        Response admin = api.get("/v1/admin/tenants", readOnly);

        assertThat(api.get("/v1/me", readOnly).status()).isEqualTo(200);
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.contentType()).startsWith("application/problem+json");
        assertThat(write.json().get("detail").asString()).contains("'write'");
        assertThat(admin.status()).isEqualTo(403);
        assertThat(admin.json().get("detail").asString()).contains("'admin'");
    }

    @Test
    void prometheus_needs_the_metrics_scope_which_an_admin_grants_to_scrape_keys() {
        UUID tenant = createTenant("scraper-" + shortId());
        String reader = issueKey(tenant, List.of("read", "write")).json().get("key").asString();
        String scraper = issueKey(tenant, List.of("metrics")).json().get("key").asString();

        Response asReader = api.get("/actuator/prometheus", reader);
        Response metricsAsReader = api.get("/actuator/metrics", reader);

        assertThat(asReader.status()).isEqualTo(403);
        assertThat(asReader.contentType()).startsWith("application/problem+json");
        assertThat(asReader.json().get("detail").asString()).contains("'metrics'");
        assertThat(metricsAsReader.status()).isEqualTo(403);
        assertThat(api.get("/actuator/prometheus", scraper).status()).isEqualTo(200);
        assertThat(api.get("/actuator/prometheus", ADMIN).status()).isEqualTo(200);
        assertThat(api.get("/v1/me", scraper).status()).isEqualTo(403);
    }

    @Test
    void a_revoked_key_answers_401() {
        UUID tenant = createTenant("revoked-" + shortId());
        Response issued = issueKey(tenant, List.of("read", "write"));
        String secret = issued.json().get("key").asString();
        assertThat(api.get("/v1/me", secret).status()).isEqualTo(200);

        Response revoke = api.post("/v1/admin/keys/" + issued.json().get("id").asString() + "/revoke", ADMIN, "");

        assertThat(revoke.status()).isEqualTo(200);
        assertThat(revoke.json().get("active").asBoolean()).isFalse();
        assertThat(api.get("/v1/me", secret).status()).isEqualTo(401);
    }

    @Test
    void keys_are_stored_hashed_and_listed_without_secrets() {
        UUID tenant = createTenant("hashed-" + shortId());
        String secret = issueKey(tenant, List.of("read")).json().get("key").asString();

        Response list = api.get("/v1/admin/tenants/" + tenant + "/keys", ADMIN);

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(secret).doesNotContain(ApiKeySecrets.hash(secret));
        assertThat(list.json().get("items").get(0).get("prefix").asString())
                .hasSize(10).isEqualTo(secret.substring(0, 10));
    }

    @Test
    void a_chosen_key_is_listed_without_any_of_its_characters() {
        Response list = api.get("/v1/keys?size=100", ADMIN);

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get("items").values()).filteredOn(n -> n.get("name").asString().equals("bootstrap"))
                .extracting(n -> n.get("prefix").asString()).containsExactly("**********");
        assertThat(list.body()).doesNotContain(ADMIN.substring(0, 5));
    }

    @Test
    void creating_a_tenant_twice_is_a_conflict() {
        String name = "dup-" + shortId();
        createTenant(name);

        Response second = api.post("/v1/admin/tenants", ADMIN, ApiClient.json(Map.of("name", name)));

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.contentType()).startsWith("application/problem+json");
    }

    private UUID createTenant(String name) {
        Response response = api.post("/v1/admin/tenants", ADMIN, ApiClient.json(Map.of("name", name)));
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.raw().headers().firstValue("Location")).isPresent();
        return UUID.fromString(response.json().get("id").asString());
    }

    private Response issueKey(UUID tenant, List<String> scopes) {
        Response response = api.post("/v1/admin/tenants/" + tenant + "/keys", ADMIN,
                ApiClient.json(Map.of("name", "test key", "scopes", scopes)));
        assertThat(response.status()).isEqualTo(201);
        return response;
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
