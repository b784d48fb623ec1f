package io.pretext.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.pretext.PretextApplication;
import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.Await;
import io.pretext.testing.DatasetFiles;
import io.pretext.testing.IntegrationTest;
import io.pretext.testing.TestDatabase;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * One application with both roles, its own database, and a model trained through the API: a
 * worker trains a tiny experiment named {@code served} (rotation pretraining, finetune and the
 * scratch baseline, 16x16 gray images of 4 classes) in child JVMs, and it is registered as a
 * model as its last job finishes (the sweep is off). Trained once per test JVM and shared by the
 * registry and serving tests; Spring's shutdown hook closes it when the JVM ends. Small
 * inference limits make 413s cheap to provoke.
 */
final class ServedModel {

    static final String ADMIN = IntegrationTest.ADMIN_KEY;
    static final List<String> CLASSES = List.of("zero", "one", "two", "three");

    private static ServedModel instance;

    private final Path dataDir;
    private final ConfigurableApplicationContext app;
    private final ApiClient api;
    private final String experimentId;

    private ServedModel(Path dataDir, ConfigurableApplicationContext app, ApiClient api, String experimentId) {
        this.dataDir = dataDir;
        this.app = app;
        this.api = api;
        this.experimentId = experimentId;
    }

    static synchronized ServedModel get() {
        if (instance == null) {
            instance = train();
        }
        return instance;
    }

    ConfigurableApplicationContext app() {
        return app;
    }

    ApiClient api() {
        return api;
    }

    Path dataDir() {
        return dataDir;
    }

    String experimentId() {
        return experimentId;
    }

    /** {@code GET /v1/models/served}, now. */
    JsonNode model() {
        return api.get("/v1/models/served", ADMIN).json();
    }

    /** The checkpoint of version 1. */
    String checkpoint() {
        return model().get("versions").get(0).get("checkpoint").asString();
    }

    static String base64Body(List<byte[]> images) {
        return ApiClient.json(Map.of("images", images.stream().map(Base64.getEncoder()::encodeToString).toList()));
    }

    private static ServedModel train() {
        Path dataDir;
        try {
            dataDir = Files.createTempDirectory("pretext-served");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> properties = new HashMap<>(Map.of(
                "spring.datasource.url", TestDatabase.newEmbeddedDatabase(),
                "spring.datasource.username", TestDatabase.embedded().username(),
                "spring.datasource.password", "",
                "pretext.data-dir", dataDir.toString(),
                "server.port", "0",
                "pretext.security.bootstrap-key", ADMIN,
                "pretext.worker.poll-interval", "200ms",
                "pretext.worker.child-heap", "1g",
                // No sweep during the tests: the experiment must be registered as it finishes.
                "pretext.models.sweep-interval", "1h",
                "pretext.inference.max-images", "8"));
        properties.put("pretext.inference.max-image-pixels", "4096");
        properties.put("pretext.inference.max-image-size", "40KB");
        properties.put("pretext.inference.max-request-size", "64KB");
        ConfigurableApplicationContext app = new SpringApplicationBuilder(PretextApplication.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
        ApiClient api = new ApiClient(((WebServerApplicationContext) app).getWebServer().getPort());

        byte[] labels = new byte[400];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (i % 4);
        }
        String dataset = api.upload("/v1/datasets", ADMIN, Map.of("name", "small", "classes", String.join(",", CLASSES)),
                new FilePart("file", "s.idx", DatasetFiles.idxImages(400, 16, 16, 9)),
                new FilePart("labels", "s-labels.idx", DatasetFiles.idxLabels(labels))).json().get("id").asString();
        String experimentId = api.post("/v1/experiments", ADMIN, """
                {"name": "served", "seed": 1,
                 "pretrain": {"dataset": "%1$s", "method": "rotation", "epochs": 1, "batchSize": 64},
                 "finetune": {"dataset": "%1$s", "labelFraction": 0.5, "epochs": 2, "batchSize": 32},
                 "evaluate": {"datasets": ["%1$s"]}}
                """.formatted(dataset)).json().get("id").asString();
        Await.until(Duration.ofMinutes(6), () -> api.get("/v1/experiments/" + experimentId, ADMIN).json()
                .get("state").asString().matches("SUCCEEDED|FAILED|CANCELLED"));
        assertThat(api.get("/v1/experiments/" + experimentId, ADMIN).json().get("state").asString())
                .isEqualTo("SUCCEEDED");
        assertThat(api.get("/v1/models/served", ADMIN).status()).as("SUCCEEDED means servable: registered in the "
                + "transaction that finished the last job, without waiting for a sweep").isEqualTo(200);
        return new ServedModel(dataDir, app, api, experimentId);
    }
}
