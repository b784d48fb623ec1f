package io.pretext.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The dashboard check is only as good as its reading of PromQL. */
class PromQlTest {

    @Test
    void finds_metrics_but_not_functions_labels_ranges_or_variables() {
        String mean = "sum by (kind) (rate(pretext_job_attempt_seconds_sum{application=~\"$application\"}[$__rate_interval]))"
                + " / sum by (kind) (rate(pretext_job_attempt_seconds_count{application=~\"$application\"}[5m]))";

        assertThat(PromQl.metricNames(mean))
                .containsExactly("pretext_job_attempt_seconds_count", "pretext_job_attempt_seconds_sum");
        assertThat(PromQl.metricNames("max by (state) (pretext_jobs)")).containsExactly("pretext_jobs");
        assertThat(PromQl.metricNames("sum(up) without (instance) > bool 0 or vector(0)")).containsExactly("up");
        assertThat(PromQl.metricNames("label_values(pretext_jobs, application)")).containsExactly("pretext_jobs");
        assertThat(PromQl.metricNames("process_cpu_usage{uri!~\"/actuator.*\", x=\"a{b}\"}"))
                .containsExactly("process_cpu_usage");
    }

    @Test
    void finds_labels_in_matchers_and_groupings() {
        String expression = "sum by (method, uri) (rate(http_server_requests_seconds_count{application=~\"$application\", "
                + "uri!~\"/actuator.*\"}[$__rate_interval]))";

        assertThat(PromQl.labelNames(expression)).containsExactly("application", "method", "uri");
        assertThat(PromQl.labelNames("label_values(pretext_jobs, application)")).containsExactly("application");
    }
}
