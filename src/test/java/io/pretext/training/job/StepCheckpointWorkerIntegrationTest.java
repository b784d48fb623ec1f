package io.pretext.training.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.pretext.storage.ArtifactStore;
import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.Await;
import io.pretext.testing.DatasetFiles;
import io.pretext.testing.TrainingChildren;
import io.pretext.testing.TestDatabase;
import io.pretext.testing.WorkerApp;
import io.pretext.training.ArtifactLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Step checkpoints through the API and a real worker: a child killed with SIGKILL in the middle of
 * its first epoch is resumed by the next attempt from its newest step checkpoint (which the
 * supervisor never recorded), and the job ends with each epoch reported once and no step
 * checkpoint left behind. Its own application and database, as {@code WorkerIntegrationTest}.
 */
class StepCheckpointWorkerIntegrationTest {

    static final String ADMIN = "ptx_step-checkpoint-test-admin-01";

    @TempDir
    Path dataDir;

    ConfigurableApplicationContext app;
    ApiClient api;
    JdbcClient jdbc;

    @BeforeEach
    void start() {
        app = WorkerApp.start(TestDatabase.newEmbeddedDatabase(), dataDir, ADMIN,
                Map.of("pretext.jobs.lease", "20s", "pretext.jobs.retry-backoff", "200ms"));
        api = WorkerApp.client(app);
        jdbc = app.getBean(JdbcClient.class);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void a_child_killed_mid_epoch_is_resumed_from_its_step_checkpoint() throws Exception {
        String dataset = api.upload("/v1/datasets", ADMIN, Map.of("name", "noise"),
                new FilePart("file", "n.idx", DatasetFiles.idxImages(3000, 28, 28, 5))).json().get("id").asString();
        var created = api.post("/v1/experiments", ADMIN, """
                {"name": "steps", "seed": 3, "maxRestarts": 2, "checkpoint": {"everySteps": 5},
                 "pretrain": {"dataset": "%s", "method": "rotation", "epochs": 2, "batchSize": 64}}
                """.formatted(dataset));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String jobId = created.json().get("jobs").get(0).get("id").asString();
        String checkpoints = ArtifactLayout.checkpoints(UUID.fromString(jobId));
        ArtifactStore store = app.getBean(ArtifactStore.class);

        Await.until(Duration.ofMinutes(6), () -> hasStepCheckpoint(store, checkpoints));
        killChild();
        assertThat(jdbc.sql("select count(*) from checkpoints where job_id = :j::uuid").param("j", jobId)
                .query(Long.class).single()).as("killed before its first epoch checkpoint").isZero();

        Await.until(Duration.ofMinutes(8), () -> api.get("/v1/jobs/" + jobId, ADMIN).json().get("state").asString()
                .matches("SUCCEEDED|FAILED|CANCELLED"));
        var job = api.get("/v1/jobs/" + jobId, ADMIN).json();
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("attempt").asInt()).isEqualTo(2);
        String log = Files.readString(dataDir.resolve("tmp/jobs/" + jobId + "/child-2.log"), StandardCharsets.UTF_8);
        assertThat(log).containsPattern("Resuming from step checkpoint " + checkpoints
                + "step-\\d{10}/ \\(epoch 1, step \\d+\\)");
        assertThat(jdbc.sql("select epoch from job_metrics where job_id = :j::uuid and name = 'loss' order by epoch")
                .param("j", jobId).query(Integer.class).list()).containsExactly(1, 2);
        assertThat(store.list(checkpoints)).as("no step checkpoint outlives the job")
                .noneMatch(key -> key.startsWith(checkpoints + ArtifactLayout.STEP_FOLDER))
                .contains(ArtifactLayout.epoch(checkpoints, 2) + ArtifactLayout.MANIFEST);
    }

    private static boolean hasStepCheckpoint(ArtifactStore store, String checkpoints) {
        try {
            return store.list(checkpoints + ArtifactLayout.STEP_FOLDER).stream()
                    .anyMatch(key -> key.endsWith(ArtifactLayout.MANIFEST));
        } catch (IOException e) {
            return false;
        }
    }

    private static void killChild() {
        Optional<ProcessHandle> child = TrainingChildren.running(List.of());
        assertThat(child).as("a running training child").isPresent();
        child.get().destroyForcibly();
        child.get().onExit().join();
    }
}
