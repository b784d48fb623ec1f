package io.pretext.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.ApiClient.Response;
import io.pretext.testing.DatasetFiles;
import io.pretext.testing.IntegrationTest;
import io.pretext.testing.Tenants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class ExperimentApiIntegrationTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;
    String key;
    String unlabeled;
    String labeled;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        key = Tenants.newTenantKey(api);
        unlabeled = api.upload("/v1/datasets", key, Map.of("name", "u"),
                new FilePart("file", "u.idx", DatasetFiles.idxImages(20, 8, 8, 1))).json().get("id").asString();
        byte[] labels = new byte[20];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (i % 2);
        }
        labeled = api.upload("/v1/datasets", key, Map.of("name", "l"),
                new FilePart("file", "l.idx", DatasetFiles.idxImages(20, 8, 8, 2)),
                new FilePart("labels", "l-labels.idx", DatasetFiles.idxLabels(labels))).json().get("id").asString();
    }

    @Test
    void a_valid_spec_becomes_a_queued_dag_with_every_default_filled_in() {
        Response created = api.post("/v1/experiments", key, spec("\"simclr\"", "1e-3", "0.1", unlabeled));

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.get("state").asString()).isEqualTo("QUEUED");
        assertThat(body.at("/spec/pretrain/encoder").asString()).isEqualTo("cnn-small");
        assertThat(body.at("/spec/pretrain/temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.at("/spec/finetune/strategy").asString()).isEqualTo("linear");
        assertThat(body.at("/spec/baseline").asString()).isEqualTo("scratch");
        assertThat(body.get("jobs").values()).extracting(j -> j.get("kind").asString())
                .containsExactlyInAnyOrder("PRETRAIN", "FINETUNE", "SCRATCH", "PIXELS", "EVALUATE", "EVALUATE");
        assertThat(body.at("/spec/baselines").values()).extracting(JsonNode::asString)
                .containsExactly("pixels", "scratch");
        assertThat(job(body, "PIXELS").get("dependsOn").values()).isEmpty();
        assertThat(body.get("comparison").values()).as("one row per evaluation dataset and metric, nothing reported yet")
                .hasSize(2).allSatisfy(row -> assertThat(row.get("finetuned").isNull()).isTrue());
        JsonNode pretrain = job(body, "PRETRAIN");
        assertThat(job(body, "FINETUNE").get("dependsOn").get(0).asString()).isEqualTo(pretrain.get("id").asString());
        assertThat(job(body, "SCRATCH").get("dependsOn").values()).isEmpty();
        String id = body.get("id").asString();
        assertThat(api.get("/v1/experiments/" + id, key).json()).as("the answer is built from the rows it wrote, "
                + "without reading them back: it must be what reading them gives").isEqualTo(body);
        assertThat(api.get("/v1/jobs?experimentId=" + id, key).json().get("totalItems").asInt()).isEqualTo(6);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown method     | \"magic\"  | 1e-3 | 0.1 | 400 | pretrain.method",
        "negative lr        | \"simclr\" | -0.1 | 0.1 | 400 | pretrain.optimizer.lr",
        "fraction above one | \"simclr\" | 1e-3 | 1.5 | 400 | finetune.labelFraction"})
    void invalid_specs_name_the_field_and_queue_nothing(String name, String method, String lr, String fraction,
            int status, String field) {
        long before = jobCount();

        Response response = api.post("/v1/experiments", key, spec(method, lr, fraction, unlabeled));

        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("errors").values()).extracting(e -> e.get("field").asString()).contains(field);
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void text_and_image_settings_apply_only_to_their_modality_and_text_defaults_are_filled_in() {
        String texts = api.upload("/v1/datasets", key, Map.of("name", "t"), new FilePart("file", "t.jsonl",
                "{\"text\": \"a pan\", \"label\": \"k\"}\n{\"text\": \"a rose\", \"label\": \"g\"}\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))).json().get("id").asString();
        long before = jobCount();
        Response onImages = api.post("/v1/experiments", key, """
                {"name": "x", "pretrain": {"dataset": "%s", "method": "mlm", "vocabSize": 500},
                 "finetune": {"dataset": "%s", "pooling": "cls"}}""".formatted(unlabeled, labeled));
        assertThat(onImages.status()).isEqualTo(400);
        assertThat(onImages.json().get("errors").values()).extracting(e -> e.get("field").asString())
                .containsExactlyInAnyOrder("pretrain.method", "pretrain.vocabSize", "finetune.pooling");
        Response simclrOnText = api.post("/v1/experiments", key, """
                {"name": "x", "pretrain": {"dataset": "%s", "method": "simclr"}}""".formatted(texts));
        assertThat(simclrOnText.status()).isEqualTo(400);
        assertThat(simclrOnText.json().at("/errors/0/field").asString()).isEqualTo("pretrain.method");
        Response indivisible = api.post("/v1/experiments", key, """
                {"name": "x", "pretrain": {"dataset": "%s", "method": "mlm", "transformer": {"width": 100, "heads": 3}}}"""
                .formatted(texts));
        assertThat(indivisible.status()).isEqualTo(400);
        assertThat(indivisible.json().at("/errors/0/field").asString()).isEqualTo("pretrain.transformer.heads");
        assertThat(jobCount()).isEqualTo(before);

        Response created = api.post("/v1/experiments", key, """
                {"name": "t", "pretrain": {"dataset": "%1$s", "method": "mlm", "maxLength": 64},
                 "finetune": {"dataset": "%1$s"}}""".formatted(texts));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode spec = created.json().get("spec");
        assertThat(spec.at("/pretrain/encoder").asString()).isEqualTo("transformer-mini");
        assertThat(spec.at("/pretrain/vocabSize").asInt()).isEqualTo(8000);
        assertThat(spec.at("/pretrain/maxLength").asInt()).isEqualTo(64);
        assertThat(spec.at("/pretrain/augmentation").asString()).isEqualTo("none");
        assertThat(spec.at("/pretrain/transformer").toString())
                .isEqualTo("{\"layers\":4,\"width\":128,\"heads\":4,\"feedForward\":512}");
    }

    @Test
    void baselines_that_contradict_baseline_and_fixmatch_settings_without_fixmatch_are_refused() {
        long before = jobCount();

        Response response = api.post("/v1/experiments", key, """
                {"name": "x", "baseline": "none", "baselines": ["scratch", "pixels"],
                 "finetune": {"dataset": "%s", "strategy": "linear", "fixmatch": {"mu": 2}}}""".formatted(labeled));
        Response noLabels = api.post("/v1/experiments", key, """
                {"name": "x", "baselines": ["pixels"], "pretrain": {"dataset": "%s", "method": "simclr"}}"""
                .formatted(unlabeled));

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().get("errors").values()).extracting(e -> e.get("field").asString())
                .containsExactlyInAnyOrder("baselines", "finetune.fixmatch");
        assertThat(noLabels.status()).as(noLabels.body()).isEqualTo(400);
        assertThat(noLabels.json().at("/errors/0/field").asString()).isEqualTo("baselines");
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void fixmatch_needs_unlabeled_images_of_the_finetune_datasets_shape() {
        String larger = api.upload("/v1/datasets", key, Map.of("name", "big"),
                new FilePart("file", "big.idx", DatasetFiles.idxImages(20, 10, 10, 3))).json().get("id").asString();
        long before = jobCount();

        Response mismatched = api.post("/v1/experiments", key, """
                {"name": "x", "finetune": {"dataset": "%s", "strategy": "fixmatch",
                 "fixmatch": {"unlabeledDataset": "%s"}}}""".formatted(labeled, larger));
        Response missing = api.post("/v1/experiments", key, """
                {"name": "x", "finetune": {"dataset": "%s", "strategy": "fixmatch",
                 "fixmatch": {"unlabeledDataset": "00000000-0000-0000-0000-000000000000"}}}""".formatted(labeled));

        assertThat(mismatched.status()).as(mismatched.body()).isEqualTo(400);
        assertThat(mismatched.json().at("/errors/0/field").asString()).isEqualTo("finetune.fixmatch.unlabeledDataset");
        assertThat(mismatched.json().at("/errors/0/message").asString()).contains("[1, 10, 10]");
        assertThat(missing.status()).as(missing.body()).isEqualTo(404);
        assertThat(missing.json().at("/errors/0/field").asString()).isEqualTo("finetune.fixmatch.unlabeledDataset");
        assertThat(jobCount()).isEqualTo(before);

        Response fine = api.post("/v1/experiments", key, """
                {"name": "x", "finetune": {"dataset": "%s", "strategy": "fixmatch"}}""".formatted(labeled));
        assertThat(fine.status()).as(fine.body()).isEqualTo(201);
        assertThat(fine.json().at("/spec/finetune/fixmatch/unlabeledDataset").asString()).isEqualTo(labeled);
        assertThat(fine.json().at("/spec/finetune/steps").asInt()).isEqualTo(1000);
    }

    @Test
    void an_unknown_dataset_is_a_404_naming_the_field_and_queues_nothing() {
        long before = jobCount();

        Response response = api.post("/v1/experiments", key,
                spec("\"simclr\"", "1e-3", "0.1", "00000000-0000-0000-0000-000000000000"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("pretrain.dataset");
        assertThat(jobCount()).isEqualTo(before);
    }

    @Test
    void finetuning_another_experiments_encoder_needs_its_pretraining_to_have_succeeded() {
        String source = api.post("/v1/experiments", key, spec("\"simclr\"", "1e-3", "0.1", unlabeled)).json()
                .get("id").asString();
        String reuse = """
                {"name": "reuse", "finetune": {"dataset": "%s", "labelFraction": 0.5, "encoderFrom": "%s"}}""";
        long jobsBefore = jobCount();

        Response waiting = api.post("/v1/experiments", key, reuse.formatted(labeled, source));
        assertThat(waiting.status()).as(waiting.body()).isEqualTo(409);
        assertThat(waiting.body()).contains("finetune.encoderFrom", "QUEUED", "must have SUCCEEDED");

        Response unknown = api.post("/v1/experiments", key, reuse.formatted(labeled, UUID.randomUUID()));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("finetune.encoderFrom", "not found");

        Response otherTenant = api.post("/v1/experiments", Tenants.newTenantKey(api), reuse.formatted(labeled, source));
        assertThat(otherTenant.status()).isEqualTo(404);

        jdbc.sql("update jobs set state = 'SUCCEEDED' where experiment_id = :e::uuid and kind = 'PRETRAIN'")
                .param("e", source).update();
        Response accepted = api.post("/v1/experiments", key, reuse.formatted(labeled, source));
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(201);
        assertThat(accepted.json().get("jobs")).extracting(j -> j.get("kind").asString())
                .containsExactlyInAnyOrder("FINETUNE", "SCRATCH", "PIXELS");
        byte[] labels = new byte[20];
        String larger = api.upload("/v1/datasets", key, Map.of("name", "big"),
                new FilePart("file", "big.idx", DatasetFiles.idxImages(20, 10, 10, 3)),
                new FilePart("labels", "big-labels.idx", DatasetFiles.idxLabels(labels))).json().get("id").asString();
        Response otherShape = api.post("/v1/experiments", key, """
                {"name": "f", "finetune": {"dataset": "%s", "strategy": "fixmatch", "encoderFrom": "%s"}}"""
                .formatted(larger, source));
        assertThat(otherShape.status()).as("FixMatch's default pool is the reused pretraining's images")
                .isEqualTo(400);
        assertThat(otherShape.json().at("/errors/0/field").asString()).isEqualTo("finetune.fixmatch.unlabeledDataset");
        String texts = api.upload("/v1/datasets", key, Map.of("name", "t"), new FilePart("file", "t.jsonl",
                "{\"text\": \"a pan\", \"label\": \"k\"}\n{\"text\": \"a rose\", \"label\": \"g\"}\n"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8))).json().get("id").asString();
        Response imageEncoderOnText = api.post("/v1/experiments", key, reuse.formatted(texts, source));
        assertThat(imageEncoderOnText.status()).isEqualTo(400);
        assertThat(imageEncoderOnText.json().at("/errors/0/field").asString()).isEqualTo("finetune.encoderFrom");
        String both = """
                {"name": "both", "pretrain": {"dataset": "%1$s", "method": "simclr"},
                 "finetune": {"dataset": "%2$s", "labelFraction": 0.5, "encoderFrom": "%3$s"}}""";
        assertThat(api.post("/v1/experiments", key, both.formatted(unlabeled, labeled, source)).status()).isEqualTo(400);
        assertThat(jobCount()).as("only the accepted spec queued jobs").isEqualTo(jobsBefore + 3);
    }

    @Test
    void an_unknown_field_is_refused_by_name() {
        String typo = spec("\"simclr\"", "1e-3", "0.1", unlabeled).replace("\"temperature\"", "\"temprature\"");

        Response response = api.post("/v1/experiments", key, typo);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("detail").asString()).contains("temprature").contains("pretrain");
    }

    @Test
    void an_idempotency_key_replays_the_first_result_and_refuses_a_different_body() {
        String body = spec("\"simclr\"", "1e-3", "0.1", unlabeled);

        Response first = post(body, "retry-1");
        Response retry = post(body, "retry-1");
        Response other = post(spec("\"byol\"", "1e-3", "0.1", unlabeled), "retry-1");

        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.json().get("id").asString()).isEqualTo(first.json().get("id").asString());
        assertThat(other.status()).isEqualTo(422);
        assertThat(api.get("/v1/experiments", key).json().get("totalItems").asInt()).isEqualTo(1);
    }

    @Test
    void concurrent_retries_with_one_idempotency_key_create_one_experiment() throws Exception {
        String body = spec("\"simclr\"", "1e-3", "0.1", unlabeled);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<Response>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                sent.add(pool.submit(() -> post(body, "raced-1")));
            }
            List<Response> answers = new java.util.ArrayList<>();
            for (var answer : sent) {
                answers.add(answer.get());
            }
            assertThat(answers).extracting(Response::status).containsOnly(200, 201).containsOnlyOnce(201);
            assertThat(answers).extracting(r -> r.json().get("id").asString()).containsOnly(
                    answers.get(0).json().get("id").asString());
        } finally {
            pool.shutdown();
        }
        assertThat(api.get("/v1/experiments", key).json().get("totalItems").asInt()).isEqualTo(1);
    }

    @Test
    void cancelling_an_experiment_cancels_its_jobs_and_frees_its_datasets() {
        String id = api.post("/v1/experiments", key, spec("\"simclr\"", "1e-3", "0.1", unlabeled)).json()
                .get("id").asString();
        assertThat(api.send("DELETE", "/v1/datasets/" + unlabeled, key, null, null).status()).isEqualTo(409);

        Response cancelled = api.post("/v1/experiments/" + id + "/cancel", key, "");

        assertThat(cancelled.json().get("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelled.json().get("jobs").values()).extracting(j -> j.get("state").asString())
                .containsOnly("CANCELLED");
        assertThat(api.get("/v1/experiments?state=cancelled", key).json().get("items").get(0).get("id").asString())
                .isEqualTo(id);
        assertThat(api.get("/v1/experiments?state=queued", key).json().get("totalItems").asInt()).isZero();
        assertThat(api.send("DELETE", "/v1/datasets/" + unlabeled, key, null, null).status()).isEqualTo(204);
        Response again = api.post("/v1/experiments/" + id + "/cancel", key, "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("detail").asString()).contains("already finished (CANCELLED)");
        String jobId = cancelled.json().get("jobs").get(0).get("id").asString();
        Response job = api.post("/v1/jobs/" + jobId + "/cancel", key, "");
        assertThat(job.status()).isEqualTo(409);
        assertThat(job.json().get("detail").asString()).contains("already finished (CANCELLED)");
    }

    @Test
    void experiments_are_found_by_name_alone_and_with_a_state() {
        String first = api.post("/v1/experiments", key, spec("\"simclr\"", "1e-3", "0.1", unlabeled)
                .replace("\"exp\"", "\"find-me\"")).json().get("id").asString();
        String second = api.post("/v1/experiments", key, spec("\"simclr\"", "1e-3", "0.1", unlabeled)
                .replace("\"exp\"", "\"find-me\"")).json().get("id").asString();
        api.post("/v1/experiments", key, spec("\"simclr\"", "1e-3", "0.1", unlabeled));
        api.post("/v1/experiments/" + first + "/cancel", key, "");

        JsonNode named = api.get("/v1/experiments?name=find-me", key).json();
        JsonNode queued = api.get("/v1/experiments?name=find-me&state=queued", key).json();

        assertThat(named.get("items").values()).extracting(e -> e.get("id").asString()).containsExactly(second, first);
        assertThat(queued.get("items").values()).extracting(e -> e.get("id").asString()).containsExactly(second);
        assertThat(queued.get("totalItems").asInt()).isEqualTo(1);
        assertThat(api.get("/v1/experiments?name=find", key).json().get("totalItems").asInt()).isZero();
        assertThat(api.get("/v1/experiments?name=find-me", Tenants.newTenantKey(api)).json().get("totalItems").asInt())
                .isZero();
    }

    @Test
    void a_missing_model_points_at_the_model_list_and_at_its_running_experiment() {
        String id = api.post("/v1/experiments", key, spec("\"simclr\"", "1e-3", "0.1", unlabeled)
                .replace("\"exp\"", "\"soon-served\"")).json().get("id").asString();

        Response pending = api.get("/v1/models/soon-served", key);
        Response absent = api.get("/v1/models/never-made", key);

        assertThat(pending.status()).isEqualTo(404);
        assertThat(pending.json().get("detail").asString())
                .contains("experiment " + id + " named soon-served is still running").contains("GET /v1/models");
        assertThat(absent.status()).isEqualTo(404);
        assertThat(absent.json().get("detail").asString()).contains("GET /v1/models lists your models")
                .doesNotContain("still running");
        assertThat(api.get("/v1/models/soon-served", Tenants.newTenantKey(api)).json().get("detail").asString())
                .as("another tenant's experiments stay invisible").doesNotContain(id);
    }

    @Test
    void another_tenant_cannot_see_or_cancel_experiments_or_jobs() {
        JsonNode body = api.post("/v1/experiments", key, spec("\"simclr\"", "1e-3", "0.1", unlabeled)).json();
        String other = Tenants.newTenantKey(api);
        String jobId = body.get("jobs").get(0).get("id").asString();

        assertThat(api.get("/v1/experiments/" + body.get("id").asString(), other).status()).isEqualTo(404);
        assertThat(api.post("/v1/experiments/" + body.get("id").asString() + "/cancel", other, "").status())
                .isEqualTo(404);
        assertThat(api.get("/v1/jobs/" + jobId, other).status()).isEqualTo(404);
        assertThat(api.post("/v1/jobs/" + jobId + "/cancel", other, "").status()).isEqualTo(404);
        assertThat(api.get("/v1/jobs/" + jobId, key).json().get("state").asString()).isEqualTo("QUEUED");
    }

    @Test
    void events_stream_state_changes_and_resume_after_the_last_event_id() throws Exception {
        String id = api.post("/v1/experiments", key, spec("\"simclr\"", "1e-3", "0.1", unlabeled)).json()
                .get("id").asString();
        api.post("/v1/experiments/" + id + "/cancel", key, "");

        List<String[]> all = events(id, null);
        List<String[]> resumed = events(id, all.get(5)[0]);

        assertThat(all).as("six jobs queued, then cancelled").hasSize(12);
        assertThat(all).extracting(e -> e[1]).allMatch(d -> d.contains("\"state\""));
        assertThat(all.subList(0, 6)).extracting(e -> e[1]).allMatch(d -> d.contains("QUEUED"));
        assertThat(all.subList(6, 12)).extracting(e -> e[1]).allMatch(d -> d.contains("CANCELLED"));
        assertThat(resumed).extracting(e -> e[0]).containsExactlyElementsOf(
                all.subList(6, 12).stream().map(e -> e[0]).toList());
        assertThat(api.get("/v1/experiments/" + id + "/events", Tenants.newTenantKey(api)).status()).isEqualTo(404);
    }

    /** Reads the whole stream (it ends when the experiment is final) as [id, data] pairs. */
    private List<String[]> events(String experimentId, String lastEventId) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://localhost:" + port + "/v1/experiments/" + experimentId + "/events"))
                .header("Authorization", "Bearer " + key).header("Accept", "text/event-stream")
                .timeout(java.time.Duration.ofSeconds(30));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        var response = java.net.http.HttpClient.newHttpClient().send(request.build(),
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String[]> events = new java.util.ArrayList<>();
        String[] current = new String[2];
        for (String line : (Iterable<String>) response.body()::iterator) {
            if (line.startsWith("id:")) {
                current[0] = line.substring(3).trim();
            } else if (line.startsWith("data:")) {
                current[1] = line.substring(5).trim();
            } else if (line.isEmpty() && current[0] != null) {
                events.add(current);
                current = new String[2];
            }
        }
        return events;
    }

    private Response post(String body, String idempotencyKey) {
        return api.send("POST", "/v1/experiments", key, "application/json", body,
                Map.of("Idempotency-Key", idempotencyKey));
    }

    private String spec(String method, String lr, String fraction, String pretrainDataset) {
        return """
                {"name": "exp", "seed": 7,
                 "pretrain": {"dataset": "%s", "method": %s, "epochs": 2, "batchSize": 8,
                              "optimizer": {"type": "adamw", "lr": %s}, "temperature": 0.2},
                 "finetune": {"dataset": "%s", "labelFraction": %s},
                 "evaluate": {"datasets": ["%s"]}}
                """.formatted(pretrainDataset, method, lr, labeled, fraction, labeled);
    }

    private static JsonNode job(JsonNode experiment, String kind) {
        return experiment.get("jobs").values().stream().filter(j -> j.get("kind").asString().equals(kind))
                .findFirst().orElseThrow();
    }

    private long jobCount() {
        return jdbc.sql("select count(*) from jobs").query(Long.class).single();
    }
}
