package io.pretext.training.method;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.pretext.storage.ArtifactStore;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.ApiClient;
import io.pretext.testing.Await;
import io.pretext.testing.DatasetFiles;
import io.pretext.testing.TestDatabase;
import io.pretext.testing.WorkerApp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A method added in test code only ({@link ToyFlipMethod} and its service registration line) is
 * accepted by the API, filled in with its defaults and trained by a real child JVM. Its own
 * application with a worker and its own database, as {@code WorkerIntegrationTest}.
 */
class ToyMethodIntegrationTest {

    static final String ADMIN = "ptx_toy-method-test-admin-key-01";

    @TempDir
    Path dataDir;

    ConfigurableApplicationContext app;
    ApiClient api;
    JdbcClient jdbc;

    @BeforeEach
    void start() {
        app = WorkerApp.start(TestDatabase.newEmbeddedDatabase(), dataDir, ADMIN, Map.of());
        api = WorkerApp.client(app);
        jdbc = app.getBean(JdbcClient.class);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void a_method_registered_only_in_test_code_trains_end_to_end_through_the_api() throws Exception {
        String dataset = api.upload("/v1/datasets", ADMIN, Map.of("name", "tiny"),
                new FilePart("file", "t.idx", DatasetFiles.idxImages(128, 16, 16, 3))).json().get("id").asString();

        var created = api.post("/v1/experiments", ADMIN, """
                {"name": "toy", "seed": 5, "pretrain": {"dataset": "%s", "method": "%s", "epochs": 2, "batchSize": 32}}
                """.formatted(dataset, ToyFlipMethod.NAME));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().at("/spec/pretrain/augmentation").asString())
                .as("the definition's default augmentation").isEqualTo("weak");
        assertThat(created.json().at("/spec/pretrain/encoder").asString()).isEqualTo("cnn-small");
        String id = created.json().get("id").asString();
        Await.until(Duration.ofMinutes(6), () -> api.get("/v1/experiments/" + id, ADMIN).json().get("state")
                .asString().matches("SUCCEEDED|FAILED|CANCELLED"));

        var experiment = api.get("/v1/experiments/" + id, ADMIN).json();
        assertThat(experiment.get("state").asString()).as(experiment.toString()).isEqualTo("SUCCEEDED");
        assertThat(api.get("/v1/experiments/" + id + "/metrics?name=loss", ADMIN).json().values())
                .hasSize(2).allSatisfy(p -> assertThat(p.get("value").asDouble()).isFinite().isPositive());
        String job = experiment.get("jobs").get(0).get("id").asString();
        assertThat(jdbc.sql("select epoch from checkpoints where job_id = :j::uuid").param("j", job)
                .query(Integer.class).list()).containsExactly(2);
        ArtifactStore store = app.getBean(ArtifactStore.class);
        assertThat(store.list("checkpoints/" + job + "/")).anySatisfy(key -> assertThat(key).endsWith("/head.params"));
        try (var in = store.get("checkpoints/" + job + "/epoch-0002/meta.json")) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .contains("\"method\":\"" + ToyFlipMethod.NAME + "\"");
        }
    }
}
