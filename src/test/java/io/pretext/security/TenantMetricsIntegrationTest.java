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

/** A tenant's scrape key reads its own and shared series only; operator keys read everything. */
@IntegrationTest
class TenantMetricsIntegrationTest {

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
    void a_tenant_scrape_key_sees_no_other_tenants_label_values() {
        UUID mine = newTenant();
        UUID theirs = newTenant();
        String scraper = issueKey(mine, "metrics");
        String marker = "m" + UUID.randomUUID().toString().substring(0, 8);
        meters.counter("pretext.test.visibility", "model", marker + "-mine", "tenant", mine.toString()).increment();
        meters.counter("pretext.test.visibility", "model", marker + "-theirs", "tenant", theirs.toString()).increment();
        // Prometheus needs one set of label names per metric name: the untenanted series gets its own name.
        meters.counter("pretext.test.visibility.unowned", "model", marker + "-unowned").increment();

        Response asTenant = api.get("/actuator/prometheus", scraper);
        Response asOperator = api.get("/actuator/prometheus", IntegrationTest.ADMIN_KEY);

        assertThat(asTenant.status()).isEqualTo(200);
        assertThat(asTenant.contentType()).isEqualTo(asOperator.contentType());
        assertThat(asTenant.body()).contains(marker + "-mine", "jvm_threads_live_threads")
                .doesNotContain(marker + "-theirs", marker + "-unowned", theirs.toString());
        assertThat(asOperator.body()).contains(marker + "-mine", marker + "-theirs", marker + "-unowned");

        // The protobuf exposition has no label syntax for the filter to read: a tenant gets text anyway.
        Response asProtobuf = api.send("GET", "/actuator/prometheus", scraper, null, null, Map.of("Accept",
                "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"));
        assertThat(asProtobuf.status()).isEqualTo(200);
        assertThat(asProtobuf.contentType()).startsWith("text/plain");
        assertThat(asProtobuf.body()).contains(marker + "-mine").doesNotContain(marker + "-theirs", theirs.toString());
    }

    @Test
    void per_meter_details_are_for_operator_keys_only() {
        String scraper = issueKey(newTenant(), "metrics");

        Response asTenant = api.get("/actuator/metrics/jvm.threads.live", scraper);

        assertThat(asTenant.status()).isEqualTo(403);
        assertThat(asTenant.contentType()).startsWith("application/problem+json");
        assertThat(api.get("/actuator/metrics", scraper).status()).isEqualTo(200);
        assertThat(api.get("/actuator/metrics/jvm.threads.live", IntegrationTest.ADMIN_KEY).status()).isEqualTo(200);
    }

    private UUID newTenant() {
        Response response = api.post("/v1/admin/tenants", IntegrationTest.ADMIN_KEY,
                ApiClient.json(Map.of("name", "metrics-" + UUID.randomUUID().toString().substring(0, 8))));
        return UUID.fromString(response.json().get("id").asString());
    }

    private String issueKey(UUID tenant, String... scopes) {
        return api.post("/v1/admin/tenants/" + tenant + "/keys", IntegrationTest.ADMIN_KEY,
                ApiClient.json(Map.of("name", "scrape", "scopes", List.of(scopes)))).json().get("key").asString();
    }
}
