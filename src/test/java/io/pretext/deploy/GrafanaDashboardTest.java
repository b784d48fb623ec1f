package io.pretext.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.pretext.PretextApplication;
import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.Await;
import io.pretext.testing.DatasetFiles;
import io.pretext.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Grafana dashboard against a real Pretext: a process with both roles runs one tiny training
 * job, and every metric and label the dashboard's queries name must be in its
 * {@code /actuator/prometheus}. A renamed meter breaks this test, not a panel nobody looks at.
 */
class GrafanaDashboardTest {

    static final String ADMIN = "ptx_dashboard-test-admin-key-0123";
    static final Path DASHBOARD = Path.of("deploy/grafana/dashboards/pretext.json");
    static final Set<String> TARGET_LABELS = Set.of("instance", "job");
    static final Pattern LEGEND_LABEL = Pattern.compile("\\{\\{\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*}}");

    final JsonNode dashboard = JsonMapper.builder().build().readTree(read(DASHBOARD));

    @TempDir
    Path dataDir;

    @Test
    void has_a_panel_for_each_thing_an_operator_watches() {
        List<String> titles = panels().stream().map(p -> p.get("title").asString()).toList();

        assertThat(dashboard.get("uid").asString()).isEqualTo("pretext");
        assertThat(titles).contains("Queue depth by state", "Running jobs by device", "Training throughput",
                "Training loss", "Job attempts by outcome", "Claim latency", "Heartbeat latency", "HTTP request rate",
                "HTTP latency", "JVM memory used", "Inference latency", "Inference batch size",
                "Inference rejections", "Inference queue wait", "Models loaded for inference");
        assertThat(panels()).allSatisfy(panel -> {
            assertThat(panel.at("/datasource/uid").asString()).isEqualTo("${datasource}");
            assertThat(panel.get("targets").values()).isNotEmpty()
                    .allSatisfy(t -> assertThat(t.get("expr").asString()).isNotBlank());
        });
    }

    @Test
    void every_query_uses_metrics_and_labels_that_a_running_pretext_exposes() {
        Scrape scrape = scrapeAfterOneJobAndOneInference();
        Map<String, List<String>> queries = queries();

        assertThat(queries).isNotEmpty();
        queries.forEach((expression, legends) -> {
            Set<String> metrics = PromQl.metricNames(expression);
            assertThat(metrics).as(expression).isNotEmpty();
            Set<String> available = new TreeSet<>(TARGET_LABELS);
            for (String metric : metrics) {
                assertThat(scrape.metrics()).as("exposed by /actuator/prometheus, used in " + expression).contains(metric);
                assertThat(scrape.labelPairs(metric)).as(metric).contains("application=pretext", "role=api+worker");
                available.addAll(scrape.labels(metric));
            }
            Set<String> used = new TreeSet<>(PromQl.labelNames(expression));
            legends.forEach(legend -> LEGEND_LABEL.matcher(legend).results().forEach(m -> used.add(m.group(1))));
            assertThat(available).as("labels of " + metrics + " in " + expression).containsAll(used);
        });
    }

    private List<JsonNode> panels() {
        return dashboard.get("panels").values().stream().filter(p -> !"row".equals(p.get("type").asString())).toList();
    }

    /** Every PromQL expression of the dashboard (panel targets and variable queries) with its legends. */
    private Map<String, List<String>> queries() {
        Map<String, List<String>> queries = new LinkedHashMap<>();
        for (JsonNode panel : panels()) {
            for (JsonNode target : panel.get("targets").values()) {
                queries.computeIfAbsent(target.get("expr").asString(), e -> new ArrayList<>())
                        .add(target.path("legendFormat").asString(""));
            }
        }
        for (JsonNode variable : dashboard.at("/templating/list").values()) {
            if ("query".equals(variable.get("type").asString())) {
                queries.computeIfAbsent(variable.at("/query/query").asString(), e -> new ArrayList<>());
            }
        }
        return queries;
    }

    /**
     * One pretraining job, which the registry turns into a model (its encoder), and one embeddings
     * request to that model, so that the inference meters exist.
     */
    private Scrape scrapeAfterOneJobAndOneInference() {
        String url = TestDatabase.newEmbeddedDatabase();
        Map<String, String> properties = new java.util.HashMap<>(Map.of(
                "spring.datasource.url", url,
                "spring.datasource.username", TestDatabase.embedded().username(),
                "spring.datasource.password", "",
                "pretext.data-dir", dataDir.toString(),
                "pretext.roles", "api,worker",
                "server.port", "0",
                "pretext.security.bootstrap-key", ADMIN,
                "pretext.worker.poll-interval", "200ms",
                "pretext.worker.heartbeat-interval", "250ms",
                "pretext.worker.child-heap", "1g"));
        properties.put("pretext.models.sweep-interval", "200ms");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(PretextApplication.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new))) {
            ApiClient api = new ApiClient(((WebServerApplicationContext) app).getWebServer().getPort());
            String dataset = api.upload("/v1/datasets", ADMIN, Map.of("name", "tiny"),
                    new FilePart("file", "t.idx", DatasetFiles.idxImages(256, 16, 16, 3))).json().get("id").asString();
            String jobId = api.post("/v1/experiments", ADMIN, """
                    {"name": "x", "pretrain": {"dataset": "%s", "method": "rotation", "epochs": 1, "batchSize": 16}}
                    """.formatted(dataset)).json().get("jobs").get(0).get("id").asString();
            awaitFinished(api, jobId);
            assertThat(api.get("/v1/jobs/" + jobId, ADMIN).json().get("state").asString()).isEqualTo("SUCCEEDED");
            Await.until(Duration.ofSeconds(30), () -> api.get("/v1/models/x", ADMIN).status() == 200);
            String image = java.util.Base64.getEncoder().encodeToString(DatasetFiles.png(16, 16, true, 1));
            assertThat(api.post("/v1/models/x/embeddings", ADMIN, "{\"images\": [\"" + image + "\"]}").status())
                    .isEqualTo(200);
            return new Scrape(api.get("/actuator/prometheus", ADMIN).body());
        }
    }

    private static void awaitFinished(ApiClient api, String jobId) {
        Await.until(Duration.ofMinutes(3), () -> api.get("/v1/jobs/" + jobId, ADMIN).json().get("state").asString()
                .matches("SUCCEEDED|FAILED|CANCELLED"));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
