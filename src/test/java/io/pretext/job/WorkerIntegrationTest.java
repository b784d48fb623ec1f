package io.pretext.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.ApiClient;
import io.pretext.testing.Await;
import io.pretext.testing.DatasetFiles;
import io.pretext.testing.TestDatabase;
import io.pretext.testing.WorkerApp;
import io.pretext.training.ArtifactLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The worker role end to end: real child JVMs running real DJL training, killed with SIGKILL
 * mid-run, resumed from their checkpoints. Its own application and database, so no other test's
 * jobs are in its queue.
 */
class WorkerIntegrationTest {

    static final String ADMIN = "ptx_worker-test-admin-key-0123";

    @TempDir
    Path dataDir;

    ConfigurableApplicationContext app;
    ApiClient api;
    JdbcClient jdbc;

    String databaseUrl;

    @BeforeEach
    void start() {
        databaseUrl = TestDatabase.newEmbeddedDatabase();
        startApp();
    }

    private void startApp() {
        app = WorkerApp.start(databaseUrl, dataDir, ADMIN,
                Map.of("pretext.jobs.lease", "20s", "pretext.jobs.retry-backoff", "200ms"));
        api = WorkerApp.client(app);
        jdbc = app.getBean(JdbcClient.class);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void a_pretrain_job_survives_two_kills_of_its_child_and_finishes_without_redoing_epochs() throws Exception {
        String dataset = api.upload("/v1/datasets", ADMIN, Map.of("name", "noise"),
                new FilePart("file", "n.idx", DatasetFiles.idxImages(3000, 28, 28, 5))).json().get("id").asString();
        String spec = """
                {"name": "survivor", "seed": 3, "maxRestarts": 3, "checkpoint": {"everyEpochs": 1},
                 "pretrain": {"dataset": "%s", "method": "rotation", "epochs": 5, "batchSize": 64}}
                """.formatted(dataset);
        var experiment = api.post("/v1/experiments", ADMIN, spec).json();
        String jobId = experiment.get("jobs").get(0).get("id").asString();

        awaitCheckpoint(jobId, 1);
        killChild(jobId);
        awaitCheckpoint(jobId, 3);
        killChild(jobId);
        Await.until(Duration.ofMinutes(8), () -> "SUCCEEDED".equals(state(jobId)) || "FAILED".equals(state(jobId)));

        var job = api.get("/v1/jobs/" + jobId, ADMIN).json();
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("attempt").asInt()).isEqualTo(3);
        assertThat(job.get("cpuSeconds").asDouble()).as("CPU time of all three attempts, killed ones included")
                .isGreaterThan(0.0);
        List<Integer> epochs = jdbc.sql("select epoch from job_metrics where job_id = :j::uuid and name = 'loss' "
                + "order by epoch").param("j", jobId).query(Integer.class).list();
        assertThat(epochs).containsExactly(1, 2, 3, 4, 5);
        List<Integer> attempts = jdbc.sql("select attempt from job_metrics where job_id = :j::uuid and name = 'loss' "
                + "order by epoch").param("j", jobId).query(Integer.class).list();
        assertThat(attempts.get(0)).as("epoch 1 was done once, by the first attempt").isEqualTo(1);
        assertThat(attempts).isSorted();
        assertThat(attempts.get(4)).isEqualTo(3);
        assertThat(childProcesses()).isEmpty();
        assertThat(jdbc.sql("select epoch from checkpoints where job_id = :j::uuid").param("j", jobId)
                .query(Integer.class).list()).as("only the latest checkpoint is kept").containsExactly(5);
        String epoch5 = ArtifactLayout.epoch(ArtifactLayout.checkpoints(UUID.fromString(jobId)), 5);
        assertThat(app.getBean(io.pretext.storage.ArtifactStore.class).list(ArtifactLayout.checkpoints(
                UUID.fromString(jobId)))).allSatisfy(key -> assertThat(key).startsWith(epoch5)).hasSize(5)
                .contains(epoch5 + ArtifactLayout.OPTIMIZER, epoch5 + ArtifactLayout.ENCODER, epoch5 + ArtifactLayout.MANIFEST);
        String meta;
        try (var in = app.getBean(io.pretext.storage.ArtifactStore.class).get(epoch5 + ArtifactLayout.META)) {
            meta = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertThat(meta).contains("\"datasetSha256\"", "\"seed\":3", "\"djl\":\"0.36.0\"", "PyTorch 2.7.1",
                "\"code\"", "\"attempt\":3", "\"method\":\"rotation\"");
        String experimentId = experiment.get("id").asString();
        assertThat(api.get("/v1/experiments/" + experimentId + "/metrics?name=loss", ADMIN).json().values())
                .extracting(p -> p.get("epoch").asInt()).containsExactly(1, 2, 3, 4, 5);
        assertThat(api.get("/actuator/prometheus", ADMIN).body())
                .containsPattern("pretext_job_attempt_seconds_count\\{[^}]*kind=\"PRETRAIN\"[^}]*outcome=\"failed\"[^}]*\\} 2")
                .contains("pretext_training_samples_per_second{")
                .containsPattern("pretext_job_cpu_seconds_total\\{[^}]*kind=\"PRETRAIN\"[^}]*\\} [1-9]");
    }

    @Test
    void a_graceful_shutdown_hands_the_running_job_back_and_the_next_worker_resumes_it() throws Exception {
        String dataset = api.upload("/v1/datasets", ADMIN, Map.of("name", "noise"),
                new FilePart("file", "n.idx", DatasetFiles.idxImages(3000, 28, 28, 6))).json().get("id").asString();
        String jobId = api.post("/v1/experiments", ADMIN, """
                {"name": "handover", "seed": 4, "checkpoint": {"everyEpochs": 1},
                 "pretrain": {"dataset": "%s", "method": "rotation", "epochs": 4, "batchSize": 64}}
                """.formatted(dataset)).json().get("jobs").get(0).get("id").asString();
        awaitCheckpoint(jobId, 1);

        app.close();
        assertThat(stateInDatabase(jobId)).isEqualTo("QUEUED");
        assertThat(childProcesses()).isEmpty();
        startApp();
        Await.until(Duration.ofMinutes(6), () -> "SUCCEEDED".equals(state(jobId)));

        assertThat(api.get("/v1/jobs/" + jobId, ADMIN).json().get("attempt").asInt())
                .as("a release is not a failed attempt").isEqualTo(1);
        assertThat(jdbc.sql("select epoch from job_metrics where job_id = :j::uuid and name = 'loss' order by epoch")
                .param("j", jobId).query(Integer.class).list()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void a_whole_experiment_runs_pretrain_finetune_scratch_and_evaluations_to_success() throws Exception {
        byte[] labels = new byte[400];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (i % 4);
        }
        String dataset = api.upload("/v1/datasets", ADMIN, Map.of("name", "small"),
                new FilePart("file", "s.idx", DatasetFiles.idxImages(400, 16, 16, 9)),
                new FilePart("labels", "s-labels.idx", DatasetFiles.idxLabels(labels))).json().get("id").asString();
        String id = api.post("/v1/experiments", ADMIN, """
                {"name": "dag", "seed": 1,
                 "pretrain": {"dataset": "%1$s", "method": "simclr", "epochs": 1, "batchSize": 64},
                 "finetune": {"dataset": "%1$s", "labelFraction": 0.5, "epochs": 2, "batchSize": 32,
                              "strategy": "gradual-unfreeze", "unfreezeEvery": 1},
                 "evaluate": {"datasets": ["%1$s"]}}
                """.formatted(dataset)).json().get("id").asString();

        Await.until(Duration.ofMinutes(8), () -> api.get("/v1/experiments/" + id, ADMIN).json().get("state").asString()
                .matches("SUCCEEDED|FAILED|CANCELLED"));

        var experiment = api.get("/v1/experiments/" + id, ADMIN).json();
        assertThat(experiment.get("state").asString()).as(experiment.toString()).isEqualTo("SUCCEEDED");
        assertThat(experiment.get("jobs").values()).as("every job is billed its children's CPU time")
                .allSatisfy(j -> assertThat(api.get("/v1/jobs/" + j.get("id").asString(), ADMIN).json()
                        .get("cpuSeconds").asDouble()).as(j.get("kind").asString()).isGreaterThan(0.0));
        var accuracies = api.get("/v1/experiments/" + id + "/metrics?name=accuracy/" + dataset, ADMIN).json().values();
        assertThat(accuracies).as("evaluations of the finetuned model and the scratch baseline, and the pixels floor")
                .hasSize(3).allSatisfy(p -> assertThat(p.get("value").asDouble()).isBetween(0.0, 1.0));
        assertThat(api.get("/v1/experiments/" + id + "/metrics?name=validationAccuracy", ADMIN).json().values())
                .as("two epochs of finetune and scratch, and the pixels floor's").hasSize(5);
        // Epoch 0: the random encoder, beside raw pixels, measured by the same monitor before training.
        assertThat(api.get("/v1/experiments/" + id + "/metrics?name=knnAccuracy", ADMIN).json().values())
                .extracting(p -> p.get("epoch").asInt()).containsExactly(0, 1);
        assertThat(api.get("/v1/experiments/" + id + "/metrics?name=knnPixelAccuracy", ADMIN).json().values())
                .extracting(p -> p.get("epoch").asInt()).containsExactly(0);
        for (String picture : List.of("curves.png", "embeddings.png")) {
            var png = api.getBytes("/v1/experiments/" + id + "/" + picture, ADMIN);
            assertThat(png.statusCode()).as(picture).isEqualTo(200);
            assertThat(java.util.Arrays.copyOf(png.body(), 4)).as(picture)
                    .isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        }
        String evaluation = experiment.get("jobs").values().stream()
                .filter(j -> j.get("kind").asString().equals("EVALUATE")).findFirst().orElseThrow().get("id").asString();
        try (var in = app.getBean(io.pretext.storage.ArtifactStore.class)
                .get(ArtifactLayout.evaluationReport(UUID.fromString(evaluation)))) {
            var report = app.getBean(tools.jackson.databind.json.JsonMapper.class).readTree(in);
            assertThat(report.at("/datasets/" + dataset + "/confusion")).hasSize(4);
            assertThat(report.at("/datasets/" + dataset + "/perClassF1").size()).isEqualTo(4);
            assertThat(report.at("/embedding/points")).hasSize(400);
        }
    }

    @Test
    void every_image_method_runs_end_to_end_and_registers_metrics_and_checkpoints() {
        String dataset = api.upload("/v1/datasets", ADMIN, Map.of("name", "tiny"),
                new FilePart("file", "t.idx", DatasetFiles.idxImages(128, 16, 16, 3))).json().get("id").asString();
        Map<String, String> experiments = new java.util.LinkedHashMap<>();
        for (String method : List.of("simclr", "moco", "byol", "rotation")) {
            experiments.put(method, api.post("/v1/experiments", ADMIN, """
                    {"name": "%2$s", "pretrain": {"dataset": "%1$s", "method": "%2$s", "epochs": 2, "batchSize": 32,
                     "queueSize": 64}}""".formatted(dataset, method))
                    .json().get("id").asString());
        }
        Await.until(Duration.ofMinutes(8), () -> experiments.values().stream().allMatch(id ->
                api.get("/v1/experiments/" + id, ADMIN).json().get("state").asString()
                        .matches("SUCCEEDED|FAILED|CANCELLED")));

        experiments.forEach((method, id) -> {
            var experiment = api.get("/v1/experiments/" + id, ADMIN).json();
            assertThat(experiment.get("state").asString()).as(method + ": " + experiment).isEqualTo("SUCCEEDED");
            assertThat(api.get("/v1/experiments/" + id + "/metrics?name=loss", ADMIN).json().values()).as(method)
                    .hasSize(2).allSatisfy(p -> assertThat(p.get("value").asDouble()).isFinite());
            String job = experiment.get("jobs").get(0).get("id").asString();
            assertThat(jdbc.sql("select count(*) from checkpoints where job_id = :j::uuid").param("j", job)
                    .query(Long.class).single()).as(method).isEqualTo(1);
        });
    }

    @Test
    void a_job_whose_child_always_crashes_fails_after_max_restarts_with_the_childs_last_error() throws Exception {
        String dataset = api.upload("/v1/datasets", ADMIN, Map.of("name", "vanishing"),
                new FilePart("file", "v.idx", DatasetFiles.idxImages(64, 8, 8, 2))).json().get("id").asString();
        var store = app.getBean(io.pretext.storage.ArtifactStore.class);
        for (String key : store.list("datasets/" + dataset + "/")) {
            store.delete(key); // the row stays, the content is gone: every attempt crashes reading it
        }
        String jobId = api.post("/v1/experiments", ADMIN, """
                {"name": "crash-loop", "maxRestarts": 1,
                 "pretrain": {"dataset": "%s", "method": "rotation", "epochs": 1}}
                """.formatted(dataset)).json().get("jobs").get(0).get("id").asString();

        Await.until(Duration.ofMinutes(2), () -> "FAILED".equals(state(jobId)));

        var job = api.get("/v1/jobs/" + jobId, ADMIN).json();
        assertThat(job.get("attempt").asInt()).isEqualTo(2);
        assertThat(job.get("lastError").asString()).contains("child exited with 1").contains("No artifact");
        var log = api.get("/v1/jobs/" + jobId + "/log", ADMIN).json();
        assertThat(log.get("attempt").asInt()).as("the last attempt's lines").isEqualTo(2);
        assertThat(log.get("lines").values()).extracting(tools.jackson.databind.JsonNode::asString).anySatisfy(line ->
                assertThat(line).contains("No artifact"));
        var followed = api.get("/v1/jobs/" + jobId + "/log/events", ADMIN);
        assertThat(followed.status()).isEqualTo(200);
        assertThat(followed.body()).as("the stream of a finished job sends its log and ends")
                .startsWith("event:log").contains("No artifact");
    }

    @Test
    void cancelling_a_running_job_stops_its_child_within_seconds() {
        String dataset = api.upload("/v1/datasets", ADMIN, Map.of("name", "long"),
                new FilePart("file", "l.idx", DatasetFiles.idxImages(3000, 28, 28, 3))).json().get("id").asString();
        String jobId = api.post("/v1/experiments", ADMIN, """
                {"name": "long", "pretrain": {"dataset": "%s", "method": "rotation", "epochs": 200, "batchSize": 64}}
                """.formatted(dataset)).json().get("jobs").get(0).get("id").asString();
        awaitCheckpoint(jobId, 1);

        api.post("/v1/jobs/" + jobId + "/cancel", ADMIN, "");

        // "Within seconds" is the await's bound: cancelled within 15 s, its child gone 10 s later.
        Await.until(Duration.ofSeconds(15), () -> "CANCELLED".equals(state(jobId)));
        Await.until(Duration.ofSeconds(10), () -> childProcesses().isEmpty());
    }

    @Test
    void a_method_that_cannot_apply_fails_the_job_at_once_with_the_childs_reason() {
        String dataset = api.upload("/v1/datasets", ADMIN, Map.of("name", "wide"),
                new FilePart("file", "t.idx", DatasetFiles.idxImages(64, 8, 6, 1))).json().get("id").asString();
        var experiment = api.post("/v1/experiments", ADMIN, """
                {"name": "not-square", "pretrain": {"dataset": "%s", "method": "rotation", "epochs": 1}}
                """.formatted(dataset)).json();
        String jobId = experiment.get("jobs").get(0).get("id").asString();

        Await.until(Duration.ofMinutes(2), () -> "FAILED".equals(state(jobId)));

        var job = api.get("/v1/jobs/" + jobId, ADMIN).json();
        assertThat(job.get("attempt").asInt()).isEqualTo(1);
        assertThat(job.get("lastError").asString()).contains("rotation prediction needs square images");
    }

    @Test
    void a_payload_missing_a_value_fails_its_job_at_once_naming_the_value() {
        byte[] labels = new byte[64];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) (i % 4);
        }
        String dataset = api.upload("/v1/datasets", ADMIN, Map.of("name", "broken"),
                new FilePart("file", "b.idx", DatasetFiles.idxImages(64, 8, 8, 4)),
                new FilePart("labels", "b-labels.idx", DatasetFiles.idxLabels(labels))).json().get("id").asString();
        var experiment = api.post("/v1/experiments", ADMIN, """
                {"name": "broken-payload", "baseline": "none",
                 "pretrain": {"dataset": "%1$s", "method": "rotation", "epochs": 1, "batchSize": 32},
                 "finetune": {"dataset": "%1$s", "epochs": 1, "batchSize": 16}}
                """.formatted(dataset)).json();
        String finetune = experiment.get("jobs").values().stream().filter(j -> "FINETUNE".equals(j.get("kind")
                .asString())).findFirst().orElseThrow().get("id").asString();
        // The finetune waits for its pretraining; meanwhile its stored payload loses a value, as a
        // row written by a faulty planner would.
        var payload = (ObjectNode) JsonMapper.builder().build().readTree(
                jdbc.sql("select payload from jobs where id = :j::uuid").param("j", finetune).query(String.class)
                        .single());
        ((ObjectNode) payload.get("finetune")).remove("epochs");
        jdbc.sql("update jobs set payload = :p where id = :j::uuid").param("p", payload.toString())
                .param("j", finetune).update();

        Await.until(Duration.ofMinutes(2), () -> "FAILED".equals(state(finetune)));

        var job = api.get("/v1/jobs/" + finetune, ADMIN).json();
        assertThat(job.get("attempt").asInt()).as("failed at once, not retried").isEqualTo(1);
        assertThat(job.get("lastError").asString()).contains("finetune.epochs");
    }

    private String stateInDatabase(String jobId) throws java.sql.SQLException {
        try (var connection = java.sql.DriverManager.getConnection(databaseUrl, TestDatabase.embedded().username(), "");
                var statement = connection.prepareStatement("select state from jobs where id = ?::uuid")) {
            statement.setString(1, jobId);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    private String state(String jobId) {
        return api.get("/v1/jobs/" + jobId, ADMIN).json().get("state").asString();
    }

    private void awaitCheckpoint(String jobId, int epoch) {
        Await.until(Duration.ofMinutes(6), () -> jdbc.sql("select count(*) from checkpoints where job_id = :j::uuid "
                + "and epoch >= :e").param("j", jobId).param("e", epoch).query(Long.class).single() > 0);
    }

    private void killChild(String jobId) {
        Optional<ProcessHandle> child = childProcesses().stream().findFirst();
        assertThat(child).as("a running training child; job: " + api.get("/v1/jobs/" + jobId, ADMIN).body())
                .isPresent();
        child.get().destroyForcibly();
        child.get().onExit().join();
    }

    private static List<ProcessHandle> childProcesses() {
        // ProcessHandle cannot read a command line this long; /proc can.
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(p -> cmdline(p).contains("-Dpretext.job="))
                .toList();
    }

    private static String cmdline(ProcessHandle process) {
        try {
            return new String(java.nio.file.Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
