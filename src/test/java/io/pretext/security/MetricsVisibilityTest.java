package io.pretext.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Which lines of a Prometheus exposition one tenant's scrape key keeps. */
class MetricsVisibilityTest {

    private static final UUID MINE = UUID.fromString("11111111-1111-1111-1111-111111111111");
    private static final UUID THEIRS = UUID.fromString("22222222-2222-2222-2222-222222222222");

    @Test
    void keeps_comments_shared_series_and_own_series_and_drops_other_tenants_and_untenanted_models() {
        String exposition = """
                # HELP pretext_inference_requests_seconds Inference requests
                # TYPE pretext_inference_requests_seconds histogram
                pretext_inference_requests_seconds_count{model="fmnist",tenant="%s",version="1"} 3
                pretext_inference_requests_seconds_count{model="secret-plan",tenant="%s",version="1"} 5
                pretext_inference_requests_seconds_count{model="unowned",version="1"} 7
                jvm_threads_live_threads 42.0
                http_server_requests_seconds_count{method="GET",uri="/v1/models/{id}"} 9
                # EOF
                """.formatted(MINE, THEIRS);

        String visible = MetricsVisibility.forTenant(exposition, MINE);

        assertThat(visible).contains("# HELP pretext_inference_requests_seconds", "model=\"fmnist\"",
                "jvm_threads_live_threads 42.0", "uri=\"/v1/models/{id}\"", "# EOF")
                .doesNotContain("secret-plan", "unowned", THEIRS.toString())
                .endsWith("# EOF\n");
        assertThat(MetricsVisibility.forTenant(exposition, THEIRS)).contains("secret-plan").doesNotContain("fmnist");
    }

    @Test
    void label_values_may_hold_escaped_quotes_commas_and_braces() {
        assertThat(MetricsVisibility.labels("m{model=\"a\\\"b,}\",tenant=\"t\"} 1"))
                .containsEntry("model", "a\"b,}").containsEntry("tenant", "t");
        assertThat(MetricsVisibility.labels("m 1 {not=\"labels\"}")).isEmpty();
        assertThat(MetricsVisibility.labels("m{}")).isEmpty();
    }

    @Test
    void an_unreadable_label_set_is_dropped_rather_than_shown() {
        assertThat(MetricsVisibility.forTenant("m{model=\"unterminated} 1\n", MINE)).isEmpty();
        assertThat(MetricsVisibility.forTenant("m{tenant=oops} 1\n", MINE)).isEmpty();
    }
}
