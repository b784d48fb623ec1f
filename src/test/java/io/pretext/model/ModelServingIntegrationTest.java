package io.pretext.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import io.pretext.PretextApplication;
import io.pretext.storage.ArtifactStore;
import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.Await;
import io.pretext.testing.DatasetFiles;
import io.pretext.testing.TestDatabase;
import io.pretext.testing.Tenants;
import io.pretext.training.TrainedModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Train, register, serve: a worker trains a tiny experiment (rotation pretraining, finetune and
 * the scratch baseline) in child JVMs; the registry's sweep makes its best checkpoint a model;
 * HTTP classifications and embeddings must equal what {@link TrainedModel} computes in-process
 * from the same checkpoint. Its own application and database (it needs the worker role).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelServingIntegrationTest {

    static final String ADMIN = io.pretext.testing.IntegrationTest.ADMIN_KEY;
    static final List<String> CLASSES = List.of("zero", "one", "two", "three");

    Path dataDir;
    ConfigurableApplicationContext app;
    ApiClient api;
    String experimentId;
    JsonNode model;

    @BeforeAll
    void train() throws Exception {
        dataDir = java.nio.file.Files.createTempDirectory("pretext-serving");
        String url = TestDatabase.newEmbeddedDatabase();
        Map<String, String> properties = new HashMap<>(Map.of(
                "spring.datasource.url", url,
                "spring.datasource.username", TestDatabase.embedded().username(),
                "spring.datasource.password", "",
                "pretext.data-dir", dataDir.toString(),
                "server.port", "0",
                "pretext.security.bootstrap-key", ADMIN,
                "pretext.worker.poll-interval", "200ms",
                "pretext.worker.child-heap", "1g",
                "pretext.models.sweep-interval", "300ms",
                "pretext.inference.max-images", "8"));
        properties.put("pretext.inference.max-image-pixels", "4096");
        properties.put("pretext.inference.max-image-size", "40KB");
        properties.put("pretext.inference.max-request-size", "64KB");
        app = new SpringApplicationBuilder(PretextApplication.class)
                .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                        .toArray(String[]::new));
        api = new ApiClient(((WebServerApplicationContext) app).getWebServer().getPort());

        byte[] labels = new byte[400];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (i % 4);
        }
        String dataset = api.upload("/v1/datasets", ADMIN, Map.of("name", "small", "classes", String.join(",", CLASSES)),
                new FilePart("file", "s.idx", DatasetFiles.idxImages(400, 16, 16, 9)),
                new FilePart("labels", "s-labels.idx", DatasetFiles.idxLabels(labels))).json().get("id").asString();
        experimentId = api.post("/v1/experiments", ADMIN, """
                {"name": "served", "seed": 1,
                 "pretrain": {"dataset": "%1$s", "method": "rotation", "epochs": 1, "batchSize": 64},
                 "finetune": {"dataset": "%1$s", "labelFraction": 0.5, "epochs": 2, "batchSize": 32},
                 "evaluate": {"datasets": ["%1$s"]}}
                """.formatted(dataset)).json().get("id").asString();
        Await.until(Duration.ofMinutes(6), () -> api.get("/v1/experiments/" + experimentId, ADMIN).json()
                .get("state").asString().matches("SUCCEEDED|FAILED|CANCELLED"));
        assertThat(api.get("/v1/experiments/" + experimentId, ADMIN).json().get("state").asString())
                .isEqualTo("SUCCEEDED");
        Await.until(Duration.ofSeconds(30), () -> api.get("/v1/models/served", ADMIN).status() == 200);
        model = api.get("/v1/models/served", ADMIN).json();
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void the_finished_experiment_is_one_version_with_its_checkpoint_metrics_and_provenance() throws Exception {
        assertThat(model.get("name").asString()).isEqualTo("served");
        assertThat(model.get("latestVersion").asInt()).isEqualTo(1);
        JsonNode version = model.get("versions").get(0);
        assertThat(version.get("experimentId").asString()).isEqualTo(experimentId);
        assertThat(version.get("jobKind").asString()).isIn("FINETUNE", "SCRATCH");
        assertThat(version.get("checkpoint").asString()).startsWith("checkpoints/" + version.get("jobId").asString());
        assertThat(version.at("/card/classes").values()).extracting(JsonNode::asString).containsExactlyElementsOf(CLASSES);
        assertThat(version.at("/metrics/validationAccuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(version.get("metrics").propertyNames()).anyMatch(name -> name.startsWith("accuracy/"));
        assertThat(version.at("/provenance/datasetSha256").asString()).hasSize(64);
        assertThat(version.at("/provenance/selection/candidates").values()).hasSize(2);
        assertThat(api.get("/v1/models", ADMIN).json().get("items").values())
                .extracting(m -> m.get("name").asString()).contains("served");

        ModelStore.Finished again = new ModelStore.Finished(java.util.UUID.fromString(experimentId),
                app.getBean(JdbcClient.class).sql("select tenant_id from experiments where id = :id::uuid")
                        .param("id", experimentId).query(java.util.UUID.class).single(), "served");
        assertThat(app.getBean(ModelRegistrar.class).register(again)).as("registering again adds nothing").isEmpty();
        assertThat(app.getBean(ModelSweep.class).sweepOnce()).isZero();
        assertThat(app.getBean(JdbcClient.class).sql("select count(*) from model_versions where experiment_id = :e::uuid")
                .param("e", experimentId).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void classifications_over_http_equal_the_checkpoints_in_process_predictions() throws Exception {
        List<byte[]> images = List.of(DatasetFiles.png(16, 16, true, 1), DatasetFiles.png(20, 24, false, 2),
                DatasetFiles.jpeg(16, 16, 3));
        float[][] expected = CheckpointOutputs.of(app, checkpoint(), images, false);

        JsonNode multipart = api.upload("/v1/models/served/classifications?topK=2", ADMIN, Map.of(),
                new FilePart("files", "a.png", images.get(0)), new FilePart("files", "b.png", images.get(1)),
                new FilePart("files", "c.jpg", images.get(2))).json();
        JsonNode json = api.post("/v1/models/served@latest/classifications?topK=4", ADMIN, base64Body(images)).json();

        for (int i = 0; i < images.size(); i++) {
            int best = CheckpointOutputs.argmax(expected[i]);
            JsonNode prediction = multipart.get("predictions").get(i);
            assertThat(prediction.get("label").asString()).isEqualTo(CLASSES.get(best));
            assertThat(prediction.get("probability").asDouble()).isCloseTo(expected[i][best], within(1e-5));
            assertThat(prediction.get("top").values()).hasSize(2);
            for (JsonNode label : json.get("predictions").get(i).get("top").values()) {
                assertThat(label.get("probability").asDouble())
                        .isCloseTo(expected[i][label.get("index").asInt()], within(1e-5));
            }
        }
        assertThat(json.get("predictions").get(0).get("top").values()).hasSize(4);
    }

    @Test
    void embeddings_over_http_equal_the_in_process_ones_and_normalize_to_unit_length() throws Exception {
        List<byte[]> images = List.of(DatasetFiles.png(16, 16, true, 4), DatasetFiles.png(16, 16, true, 5));
        float[][] expected = CheckpointOutputs.of(app, checkpoint(), images, true);

        JsonNode raw = api.post("/v1/models/served/embeddings", ADMIN, base64Body(images)).json();
        JsonNode unit = api.post("/v1/models/served/embeddings?normalize=true", ADMIN, base64Body(images)).json();

        assertThat(raw.get("embeddingSize").asInt()).isEqualTo(expected[0].length);
        for (int i = 0; i < images.size(); i++) {
            List<JsonNode> vector = List.copyOf(raw.get("embeddings").get(i).values());
            assertThat(vector).hasSize(expected[i].length);
            double norm = 0;
            for (int d = 0; d < expected[i].length; d++) {
                assertThat(vector.get(d).asDouble()).isCloseTo(expected[i][d], within(1e-4));
                norm += unit.get("embeddings").get(i).get(d).asDouble() * unit.get("embeddings").get(i).get(d).asDouble();
            }
            assertThat(norm).isCloseTo(1.0, within(1e-4));
        }
        assertThat(api.get("/actuator/prometheus", ADMIN).body())
                .containsPattern("pretext_inference_requests_seconds_count\\{[^}]*model=\"served\"[^}]*operation=\"embeddings\"")
                .contains("pretext_inference_batch_size_count{", "pretext_inference_models_loaded{");
    }

    @Test
    void an_alias_selects_its_version_and_the_backbone_zip_holds_the_encoder_and_its_card() throws Exception {
        assertThat(api.send("PUT", "/v1/models/served/aliases/champion", ADMIN, "application/json", "{\"version\": 1}")
                .json().at("/aliases/champion").asInt()).isEqualTo(1);
        assertThat(api.send("PUT", "/v1/models/served/aliases/champion", ADMIN, "application/json", "{\"version\": 7}")
                .status()).isEqualTo(404);
        assertThat(api.post("/v1/models/served@champion/classifications", ADMIN,
                base64Body(List.of(DatasetFiles.png(16, 16, true, 6)))).status()).isEqualTo(200);

        var zip = api.getBytes("/v1/models/served@champion/backbone", ADMIN);
        assertThat(zip.statusCode()).isEqualTo(200);
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), in.readAllBytes());
            }
        }
        assertThat(entries).containsOnlyKeys("card.json", "encoder.params");
        JsonNode card = JsonMapper.builder().build().readTree(entries.get("card.json"));
        assertThat(card.get("encoder").asString()).isEqualTo("cnn-small");
        assertThat(card.get("version").asInt()).isEqualTo(1);
        try (InputStream params = app.getBean(ArtifactStore.class).get(checkpoint() + "encoder.params")) {
            assertThat(entries.get("encoder.params")).isEqualTo(params.readAllBytes());
        }
    }

    @Test
    void bad_requests_are_4xx_problems_naming_the_item_and_other_tenants_see_nothing() {
        String png = Base64.getEncoder().encodeToString(DatasetFiles.png(16, 16, true, 7));
        var notAnImage = api.post("/v1/models/served/classifications", ADMIN,
                "{\"images\": [\"" + png + "\", \"" + Base64.getEncoder().encodeToString("hello".getBytes()) + "\"]}");
        assertThat(notAnImage.status()).isEqualTo(400);
        assertThat(notAnImage.contentType()).startsWith("application/problem+json");
        assertThat(notAnImage.json().at("/errors/0/field").asString()).isEqualTo("images[1]");
        assertThat(notAnImage.json().get("detail").asString()).isEqualTo("images[1]: not a PNG or JPEG");

        assertThat(api.post("/v1/models/served/embeddings", ADMIN, "{\"images\": [\"%%%\"]}").json()
                .get("detail").asString()).isEqualTo("images[0]: not valid base64");
        assertThat(api.post("/v1/models/served/embeddings", ADMIN, "{\"images\": []}").status()).isEqualTo(400);
        var huge = api.post("/v1/models/served/embeddings", ADMIN, "{\"images\": [\""
                + Base64.getEncoder().encodeToString(DatasetFiles.png(80, 80, true, 8)) + "\"]}");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.json().get("detail").asString()).startsWith("images[0]: 80x80 pixels is more than");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            many.add(png);
        }
        assertThat(api.post("/v1/models/served/embeddings", ADMIN, ApiClient.json(Map.of("images", many))).status())
                .isEqualTo(413);
        assertThat(api.post("/v1/models/served/embeddings", ADMIN, "{\"texts\": [\"hi\"]}").status()).isEqualTo(422);
        var bigBody = api.post("/v1/models/served/embeddings", ADMIN, "{\"images\": [\"" + "A".repeat(70_000) + "\"]}");
        assertThat(bigBody.status()).isEqualTo(413);
        assertThat(bigBody.contentType()).startsWith("application/problem+json");
        var bigFile = api.upload("/v1/models/served/embeddings", ADMIN, Map.of(),
                new FilePart("files", "big.png", new byte[50_000]));
        assertThat(bigFile.status()).isEqualTo(413);
        assertThat(bigFile.json().at("/errors/0/field").asString()).isEqualTo("files[0] (big.png)");
        assertThat(api.post("/v1/models/nothing-here/embeddings", ADMIN, "{\"images\": [\"" + png + "\"]}").status())
                .isEqualTo(404);
        assertThat(api.post("/v1/models/served@nope/embeddings", ADMIN, "{\"images\": [\"" + png + "\"]}").status())
                .isEqualTo(404);

        String other = Tenants.newTenantKey(api);
        String id = model.get("id").asString();
        assertThat(api.get("/v1/models/" + id, other).status()).isEqualTo(404);
        assertThat(api.get("/v1/models/served", other).status()).isEqualTo(404);
        assertThat(api.post("/v1/models/" + id + "/embeddings", other, "{\"images\": [\"" + png + "\"]}").status())
                .isEqualTo(404);
        assertThat(api.get("/v1/models", other).json().get("totalItems").asLong()).isZero();
        String reader = Tenants.newTenantKey(api, "read");
        assertThat(api.send("PUT", "/v1/models/served/aliases/x", reader, "application/json", "{\"version\": 1}")
                .status()).isEqualTo(403);
    }

    @Test
    void the_backbone_loads_in_plain_djl_as_the_readme_shows_and_gives_the_services_embeddings() throws Exception {
        byte[] image = PlainDjlBackbone.darkPng(11);
        Path zip = dataDir.resolve("backbone.zip");
        java.nio.file.Files.write(zip, api.getBytes("/v1/models/served/backbone", ADMIN).body());

        float[] embedding = PlainDjlBackbone.embed(zip, image);

        JsonNode served = api.post("/v1/models/served/embeddings", ADMIN, base64Body(List.of(image))).json();
        assertThat(embedding).hasSize(served.get("embeddingSize").asInt());
        for (int d = 0; d < embedding.length; d++) {
            assertThat(served.get("embeddings").get(0).get(d).asDouble()).isCloseTo(embedding[d], within(1e-4));
        }
    }

    @Test
    void another_experiment_of_the_same_name_is_the_next_version_and_racing_registrars_add_it_once()
            throws Exception {
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        ModelRegistrar registrar = app.getBean(ModelRegistrar.class);
        String finetune = jdbc.sql("select id::text from jobs where experiment_id = :e::uuid and kind = 'FINETUNE'")
                .param("e", experimentId).query(String.class).single();
        for (int copy = 1; copy <= 2; copy++) {
            // One transaction: the scheduled sweep sees the copy whole or not at all (it may race the two below).
            ModelStore.Finished finished = app.getBean(org.springframework.transaction.support.TransactionTemplate.class)
                    .execute(s -> copyAsFinetuneOnly(jdbc, finetune, "served-copy"));
            var racing = java.util.concurrent.Executors.newFixedThreadPool(2);
            List<java.util.concurrent.Future<java.util.Optional<Integer>>> results = racing.invokeAll(List.of(
                    () -> registrar.register(finished), () -> registrar.register(finished)));
            racing.shutdown();
            List<Integer> versions = new ArrayList<>();
            for (var result : results) {
                result.get().ifPresent(versions::add);
            }
            assertThat(versions).as("at most one of the racing registrars adds it (or the sweep did)")
                    .isSubsetOf(copy).hasSizeLessThan(2);
            assertThat(jdbc.sql("select version from model_versions where experiment_id = :e")
                    .param("e", finished.experimentId()).query(Integer.class).list()).containsExactly(copy);
        }

        JsonNode copies = api.get("/v1/models/served-copy", ADMIN).json();
        assertThat(copies.get("latestVersion").asInt()).isEqualTo(2);
        assertThat(copies.get("versions").values()).extracting(v -> v.get("version").asInt()).containsExactly(1, 2);
        assertThat(api.get("/v1/models/served-copy@1/backbone", ADMIN).status()).isEqualTo(200);
        assertThat(api.get("/v1/models/served-copy@3/backbone", ADMIN).status()).isEqualTo(404);
    }

    /** A new finished experiment of {@code name} whose only job is a copy of {@code jobId} and its checkpoints. */
    private static ModelStore.Finished copyAsFinetuneOnly(JdbcClient jdbc, String jobId, String name) {
        java.util.UUID experiment = java.util.UUID.randomUUID();
        java.util.UUID job = java.util.UUID.randomUUID();
        java.util.UUID tenant = jdbc.sql("select tenant_id from jobs where id = :j::uuid").param("j", jobId)
                .query(java.util.UUID.class).single();
        jdbc.sql("insert into experiments (id, tenant_id, name, spec, created_at) select :e, tenant_id, :name, spec, "
                + "now() from experiments where id = (select experiment_id from jobs where id = :j::uuid)")
                .param("e", experiment).param("name", name).param("j", jobId).update();
        jdbc.sql("""
                insert into jobs (id, tenant_id, experiment_id, kind, state, priority, attempt, max_restarts, payload,
                                  not_before, created_at, started_at, finished_at)
                select :id, tenant_id, :e, kind, state, priority, attempt, max_restarts, payload, not_before, created_at,
                       started_at, finished_at from jobs where id = :j::uuid
                """).param("id", job).param("e", experiment).param("j", jobId).update();
        jdbc.sql("insert into checkpoints (id, job_id, attempt, epoch, prefix, metrics, created_at) select "
                + "gen_random_uuid(), :id, attempt, epoch, prefix, metrics, created_at from checkpoints "
                + "where job_id = :j::uuid").param("id", job).param("j", jobId).update();
        jdbc.sql("insert into job_metrics (job_id, epoch, name, value, attempt, created_at) select :id, epoch, name, "
                + "value, attempt, created_at from job_metrics where job_id = :j::uuid")
                .param("id", job).param("j", jobId).update();
        return new ModelStore.Finished(experiment, tenant, name);
    }

    private String checkpoint() {
        return model.get("versions").get(0).get("checkpoint").asString();
    }

    private static String base64Body(List<byte[]> images) {
        return ApiClient.json(Map.of("images", images.stream().map(Base64.getEncoder()::encodeToString).toList()));
    }
}
