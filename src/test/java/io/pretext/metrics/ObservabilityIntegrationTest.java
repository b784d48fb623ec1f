package io.pretext.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.Response;
import io.pretext.testing.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Probes, Prometheus and the OpenAPI document as an operator and a Swagger user see them. */
@IntegrationTest
class ObservabilityIntegrationTest {

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    @Test
    void readiness_is_public_and_includes_database_and_artifact_store() {
        Response readiness = api.get("/actuator/health/readiness", null);

        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UP");
        assertThat(readiness.json().get("components").propertyNames()).contains("db", "artifactStore");
        assertThat(api.get("/actuator/health/liveness", null).status()).isEqualTo(200);
    }

    @Test
    void prometheus_needs_a_key_and_tags_meters_with_application_and_role() {
        api.get("/v1/me", IntegrationTest.ADMIN_KEY);

        Response anonymous = api.get("/actuator/prometheus", null);
        Response scrape = api.get("/actuator/prometheus", IntegrationTest.ADMIN_KEY);

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(scrape.status()).isEqualTo(200);
        assertThat(scrape.body()).containsPattern(
                "http_server_requests_seconds_count\\{[^}]*application=\"pretext\"[^}]*role=\"api\"[^}]*uri=\"/v1/me\"");
    }

    @Test
    void openapi_document_is_public_and_declares_the_bearer_scheme() {
        Response docs = api.get("/v3/api-docs", null);

        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().at("/components/securitySchemes/bearer-key/scheme").asString()).isEqualTo("bearer");
        assertThat(docs.json().get("security").get(0).has("bearer-key")).isTrue();
        assertThat(docs.json().get("paths").propertyNames()).contains("/v1/admin/tenants", "/v1/me");
        assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);
    }
}
