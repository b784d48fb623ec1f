package io.pretext.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.Response;
import io.pretext.testing.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Every error is problem+json with a useful detail and no stack trace. */
@IntegrationTest
class ErrorResponsesIntegrationTest {

    private static final String ADMIN = IntegrationTest.ADMIN_KEY;

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
    }

    @Test
    void method_not_allowed_is_405_problem() {
        Response response = api.send("DELETE", "/v1/me", ADMIN, null, null);

        assertProblem(response, 405);
    }

    @Test
    void unsupported_media_type_is_415_problem() {
        Response response = api.send("POST", "/v1/admin/tenants", ADMIN, "text/plain", "name=x");

        assertProblem(response, 415);
    }

    @Test
    void validation_errors_list_each_field() {
        Response response = api.post("/v1/admin/tenants/00000000-0000-0000-0000-000000000000/keys", ADMIN,
                "{\"name\": \"\", \"scopes\": []}");

        assertProblem(response, 400);
        assertThat(response.json().get("errors").values()).extracting(e -> e.get("field").asString())
                .contains("name", "scopes");
    }

    @Test
    void an_unknown_scope_is_a_400_naming_it() {
        Response response = api.post("/v1/admin/tenants/00000000-0000-0000-0000-000000000000/keys", ADMIN,
                "{\"name\": \"k\", \"scopes\": [\"superuser\"]}");

        assertProblem(response, 400);
        assertThat(response.json().get("detail").asString()).contains("superuser");
    }

    @Test
    void malformed_json_is_400_problem_without_internals() {
        Response response = api.post("/v1/admin/tenants", ADMIN, "{\"name\": ");

        assertProblem(response, 400);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("at io.");
    }

    @Test
    void a_bad_path_parameter_is_400_problem() {
        assertProblem(api.get("/v1/admin/tenants/not-a-uuid", ADMIN), 400);
    }

    @Test
    void a_missing_tenant_is_404_problem() {
        assertProblem(api.get("/v1/admin/tenants/00000000-0000-0000-0000-000000000000", ADMIN), 404);
    }

    @Test
    void out_of_range_paging_is_400_naming_the_parameter() {
        Response response = api.get("/v1/admin/tenants?size=1000", ADMIN);

        assertProblem(response, 400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("size");
    }

    @Test
    void an_upload_over_the_limit_is_413_problem() throws Exception {
        byte[] file = new byte[33 * 1024 * 1024];
        Arrays.fill(file, (byte) 'x');
        String boundary = "pretext-boundary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/admin/tenants"))
                .header("Authorization", "Bearer " + ADMIN)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArrays(java.util.List.of(head, file, tail)))
                .build();

        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("detail").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("trace").doesNotContain("\tat ");
    }
}
