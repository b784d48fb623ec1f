package io.pretext.training.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import io.pretext.database.EmbeddedPostgresServer;
import io.pretext.storage.ArtifactStore;
import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.Await;
import io.pretext.testing.DatasetFiles;
import io.pretext.testing.TrainingChildren;
import io.pretext.testing.WorkerApp;
import io.pretext.training.ArtifactLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The reduced fault-injection run of issue 18 that CI runs on every change (the full one is
 * {@code bench/faults.sh}): one pretraining job on a real worker with real child JVMs, on a database
 * server of its own, takes two {@code kill -9}s of its child at seeded moments and a 10 s database
 * outage (the server stopped, connections refused, then started again on the same folder). The job
 * must end SUCCEEDED in exactly three attempts (the outage, shorter than the lease, is ridden out by
 * the running child), with every epoch's metrics recorded once; while the database is gone the API
 * answers 503 problem+json with Retry-After within seconds and readiness is DOWN.
 */
class ReducedFaultsIntegrationTest {

    static final String ADMIN = "ptx_reduced-faults-test-admin-0001";
    static final int EPOCHS = 12;

    @TempDir
    Path dataDir;

    @TempDir
    Path databaseDir;

    EmbeddedPostgresServer database;
    ConfigurableApplicationContext app;

    @AfterEach
    void stop() throws IOException {
        if (app != null) {
            app.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void a_job_survives_two_kills_and_a_database_outage_with_each_epoch_recorded_once() throws Exception {
        database = EmbeddedPostgresServer.start(databaseDir, 0);
        int port = database.port();
        app = WorkerApp.start(database.jdbcUrl(), dataDir, ADMIN, Map.of(
                "spring.datasource.username", database.username(),
                "spring.datasource.password", database.password(),
                "pretext.jobs.lease", "30s",
                "pretext.jobs.retry-backoff", "200ms"));
        ApiClient api = WorkerApp.client(app);
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        Random random = new Random(18);

        String dataset = api.upload("/v1/datasets", ADMIN, Map.of("name", "noise"),
                new FilePart("file", "n.idx", DatasetFiles.idxImages(3000, 28, 28, 5))).json().get("id").asString();
        var created = api.post("/v1/experiments", ADMIN, """
                {"name": "faults", "seed": 18, "maxRestarts": 4, "checkpoint": {"everySteps": 5},
                 "pretrain": {"dataset": "%s", "method": "rotation", "epochs": %d, "batchSize": 64}}
                """.formatted(dataset, EPOCHS));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String jobId = created.json().get("jobs").get(0).get("id").asString();

        String checkpoints = ArtifactLayout.checkpoints(UUID.fromString(jobId));
        ArtifactStore store = app.getBean(ArtifactStore.class);
        List<Long> killed = new ArrayList<>();
        long trained = -1;
        for (int kill = 0; kill < 2; kill++) {
            ProcessHandle child = awaitNewChild(killed);
            // Each child must have trained past the previous one's newest step before it is killed.
            trained = awaitStepBeyond(store, checkpoints, trained);
            Thread.sleep(random.nextInt(1500));
            assertThat(child.isAlive()).as("child %d still training when its kill is due", kill + 1).isTrue();
            child.destroyForcibly();
            child.onExit().join();
            killed.add(child.pid());
        }

        ProcessHandle survivor = awaitNewChild(killed);
        awaitStepBeyond(store, checkpoints, trained);
        assertThat(survivor.isAlive()).as("the third child training when the database stops").isTrue();
        database.close();
        database = null;
        long outageStart = System.nanoTime();
        try {
            ApiClient.Response during = api.get("/v1/jobs/" + jobId, ADMIN);
            double answeredSeconds = (System.nanoTime() - outageStart) / 1e9;
            assertThat(during.status()).as(during.body()).isEqualTo(503);
            assertThat(during.contentType()).startsWith("application/problem+json");
            assertThat(during.raw().headers().firstValue("Retry-After")).isPresent();
            assertThat(answeredSeconds).as("seconds until the 503").isLessThan(8);
            assertThat(api.get("/actuator/health/readiness", null).status()).as("readiness while the database is gone")
                    .isEqualTo(503);
            long left = Duration.ofSeconds(10).toNanos() - (System.nanoTime() - outageStart);
            if (left > 0) {
                Thread.sleep(left / 1_000_000);
            }
        } finally {
            if (database == null) {
                database = EmbeddedPostgresServer.start(databaseDir, port);
            }
        }
        assertThat(survivor.isAlive()).as("the third child rode out the 10 s outage").isTrue();

        Await.until(Duration.ofMinutes(8), () -> api.get("/v1/jobs/" + jobId, ADMIN).json().get("state").asString()
                .matches("SUCCEEDED|FAILED|CANCELLED"));
        var job = api.get("/v1/jobs/" + jobId, ADMIN).json();
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(job.get("attempt").asInt()).as("two kills, and the outage ridden out by the third child")
                .isEqualTo(3);
        assertThat(survivor.isAlive()).isFalse();
        List<Integer> epochs = jdbc.sql("select epoch from job_metrics where job_id = :j::uuid and name = 'loss' order by epoch")
                .param("j", jobId).query(Integer.class).list();
        assertThat(epochs).containsExactlyElementsOf(IntStream.rangeClosed(1, EPOCHS).boxed().toList());
    }

    /** Waits for a step checkpoint newer than {@code step}; returns the newest step then. */
    private static long awaitStepBeyond(ArtifactStore store, String checkpoints, long step) {
        long[] newest = {step};
        Await.until(Duration.ofMinutes(3), () -> {
            try {
                newest[0] = store.list(checkpoints + ArtifactLayout.STEP_FOLDER).stream()
                        .filter(key -> key.endsWith(ArtifactLayout.MANIFEST))
                        .mapToLong(key -> Long.parseLong(key.substring((checkpoints + ArtifactLayout.STEP_FOLDER).length(),
                                (checkpoints + ArtifactLayout.STEP_FOLDER).length() + 10)))
                        .max().orElse(step);
            } catch (IOException e) {
                return false;
            }
            return newest[0] > step;
        });
        return newest[0];
    }

    /** The training child that is not one of {@code killed}, once it runs. */
    private static ProcessHandle awaitNewChild(List<Long> killed) {
        AtomicReference<ProcessHandle> found = new AtomicReference<>();
        Await.until(Duration.ofMinutes(3), () -> {
            TrainingChildren.running(killed).ifPresent(found::set);
            return found.get() != null;
        });
        return found.get();
    }
}
