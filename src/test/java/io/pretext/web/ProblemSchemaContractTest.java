package io.pretext.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import io.pretext.testing.ApiClient;
import io.pretext.testing.IntegrationTest;
import io.pretext.testing.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The document's {@code Problem} schema against what the server really sends: security's own
 * writer (401), the exception handler (404) and validation (400 with {@code errors}).
 */
@IntegrationTest
class ProblemSchemaContractTest {

    @LocalServerPort
    int port;

    private JsonNode doc;

    @BeforeEach
    void loadDocument() {
        doc = new ApiClient(port).get("/v3/api-docs", null).json();
    }

    @Test
    void real_error_bodies_fit_the_problem_schema() {
        ApiClient api = new ApiClient(port);
        String key = Tenants.newTenantKey(api, "read", "write");
        List<ApiClient.Response> errors = List.of(
                api.get("/v1/datasets", null),
                api.get("/v1/datasets/" + UUID.randomUUID(), key),
                api.post("/v1/experiments", key, "{\"name\": \"\", \"pretrain\": {\"epochs\": 0}}"));
        JsonNode problem = doc.at("/components/schemas/Problem");
        List<String> properties = List.copyOf(problem.path("properties").propertyNames());
        for (ApiClient.Response error : errors) {
            assertThat(error.contentType()).startsWith("application/problem+json");
            JsonNode body = error.json();
            assertThat(properties).as(error.body()).containsAll(body.propertyNames());
            assertThat(body.propertyNames()).as(error.body())
                    .containsAll(problem.path("required").values().stream().map(JsonNode::asString).toList());
        }
        assertThat(errors.get(2).status()).isEqualTo(400);
        assertThat(errors.get(2).json().path("errors").values()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.propertyNames()).containsExactlyInAnyOrder("field", "message"));
    }

    @Test
    void the_problem_schema_is_what_the_server_sends() {
        JsonNode problem = doc.at("/components/schemas/Problem");
        assertThat(problem.path("properties").propertyNames())
                .contains("type", "title", "status", "detail", "instance", "errors");
        assertThat(problem.at("/properties/errors/items/$ref").asString()).isEqualTo("#/components/schemas/FieldError");
        assertThat(doc.at("/components/schemas/FieldError/required").values()).extracting(JsonNode::asString)
                .containsExactlyInAnyOrder("field", "message");
        assertThat(doc.at("/components/schemas").has("ProblemDetail")).isFalse();
    }
}
