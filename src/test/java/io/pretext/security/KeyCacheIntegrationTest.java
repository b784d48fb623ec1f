package io.pretext.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.Response;
import io.pretext.testing.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Verified keys are served from memory, and a revocation is felt by the very next request. */
@IntegrationTest
class KeyCacheIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    @Test
    void a_key_used_twice_is_verified_from_the_cache_the_second_time() {
        String secret = issueKey(newTenant()).json().get("key").asString();
        assertThat(api.get("/v1/me", secret).status()).isEqualTo(200);
        double hitsBefore = lookups("cache");

        assertThat(api.get("/v1/me", secret).status()).isEqualTo(200);

        assertThat(lookups("cache")).isGreaterThan(hitsBefore);
    }

    @Test
    void a_key_revoked_by_its_own_tenant_is_refused_on_the_very_next_request() {
        Response issued = issueKey(newTenant());
        String secret = issued.json().get("key").asString();
        assertThat(api.get("/v1/me", secret).status()).isEqualTo(200);
        assertThat(api.get("/v1/me", secret).status()).as("served from the cache now").isEqualTo(200);

        Response revoke = api.post("/v1/keys/" + issued.json().get("id").asString() + "/revoke", secret, "");
        Response next = api.get("/v1/me", secret);

        assertThat(revoke.status()).isEqualTo(200);
        assertThat(next.status()).isEqualTo(401);
        assertThat(next.contentType()).startsWith("application/problem+json");
    }

    @Test
    void a_key_revoked_by_an_admin_is_refused_on_the_very_next_request_and_others_still_work() {
        UUID tenant = newTenant();
        Response issued = issueKey(tenant);
        String secret = issued.json().get("key").asString();
        String sibling = issueKey(tenant).json().get("key").asString();
        assertThat(api.get("/v1/keys", secret).status()).isEqualTo(200);
        assertThat(api.get("/v1/keys", sibling).status()).isEqualTo(200);

        api.post("/v1/admin/keys/" + issued.json().get("id").asString() + "/revoke", IntegrationTest.ADMIN_KEY, "");

        assertThat(api.get("/v1/keys", secret).status()).isEqualTo(401);
        assertThat(api.get("/v1/keys", sibling).status()).isEqualTo(200);
    }

    private double lookups(String source) {
        return meters.get("pretext.auth.key.lookups").tag("source", source).counter().count();
    }

    private UUID newTenant() {
        Response response = api.post("/v1/admin/tenants", IntegrationTest.ADMIN_KEY,
                ApiClient.json(Map.of("name", "cache-" + UUID.randomUUID().toString().substring(0, 8))));
        return UUID.fromString(response.json().get("id").asString());
    }

    private Response issueKey(UUID tenant) {
        Response response = api.post("/v1/admin/tenants/" + tenant + "/keys", IntegrationTest.ADMIN_KEY,
                ApiClient.json(Map.of("name", "cached", "scopes", List.of("read", "write"))));
        assertThat(response.status()).isEqualTo(201);
        return response;
    }
}
