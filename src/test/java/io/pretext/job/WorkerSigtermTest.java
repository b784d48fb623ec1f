package io.pretext.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.pretext.PretextApplication;
import io.pretext.database.EmbeddedPostgresServer;
import io.pretext.testing.ApiClient;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.Await;
import io.pretext.testing.DatasetFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenario from outside: SIGTERM to a Pretext process on its embedded PostgreSQL whose
 * worker is training. The process exits within the default grace period (30 s), its training child
 * with it, and the job is back in the queue with no lease, so the next start resumes it at once.
 */
class WorkerSigtermTest {

    static final String ADMIN = "ptx_sigterm-test-admin-key-0123";

    @TempDir
    Path dataDir;

    @Test
    void sigterm_during_training_hands_the_job_back_and_exits_within_the_grace_period() throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PretextApplication.class.getName(),
                "--server.port=" + port, "--pretext.data-dir=" + dataDir, "--pretext.security.bootstrap-key=" + ADMIN,
                "--pretext.worker.devices=cpu", "--pretext.worker.child-heap=1g",
                "--pretext.worker.heartbeat-interval=1s", "--pretext.worker.poll-interval=200ms"));
        Process server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("server.log").toFile()).start();
        String jobId;
        try {
            ApiClient api = new ApiClient(port);
            Await.until(Duration.ofMinutes(3), () -> ready(api));
            String dataset = api.upload("/v1/datasets", ADMIN, Map.of("name", "noise"),
                    new FilePart("file", "n.idx", DatasetFiles.idxImages(3000, 28, 28, 5))).json().get("id").asString();
            var experiment = api.post("/v1/experiments", ADMIN, """
                    {"name": "sigterm", "seed": 5, "checkpoint": {"everyEpochs": 1},
                     "pretrain": {"dataset": "%s", "method": "rotation", "epochs": 200, "batchSize": 64}}
                    """.formatted(dataset)).json();
            jobId = experiment.get("jobs").get(0).get("id").asString();
            String metrics = "/v1/experiments/" + experiment.get("id").asString() + "/metrics?name=loss";
            // Training for real: an epoch reported, so the child is in its loop.
            Await.until(Duration.ofMinutes(6), () -> !api.get(metrics, ADMIN).json().isEmpty());
        } catch (RuntimeException | Error e) {
            server.destroyForcibly().waitFor();
            throw e;
        }
        List<ProcessHandle> children = server.toHandle().descendants().toList();

        long signalled = System.nanoTime();
        server.toHandle().destroy(); // SIGTERM
        boolean exited = server.waitFor(2, java.util.concurrent.TimeUnit.MINUTES);
        Duration took = Duration.ofNanos(System.nanoTime() - signalled);
        if (!exited) {
            server.destroyForcibly().waitFor();
        }
        System.out.println("SIGTERM to exit: " + took.toMillis() + " ms");

        assertThat(took).as("exit after SIGTERM took " + took).isLessThan(Duration.ofSeconds(30));
        assertThat(children).as("no child outlives the server").noneMatch(ProcessHandle::isAlive);
        assertThat(java.nio.file.Files.readString(dataDir.resolve("server.log")))
                .doesNotContain("Connection is not available").doesNotContain("Worker slot");
        try (EmbeddedPostgresServer database = EmbeddedPostgresServer.start(dataDir, 0);
                Connection c = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
                var rows = c.createStatement().executeQuery("select state, worker_id, lease_expires_at, attempt "
                        + "from jobs where id = '" + jobId + "'")) {
            rows.next();
            assertThat(rows.getString(1) + " worker=" + rows.getString(2) + " lease=" + rows.getString(3)
                    + " attempt=" + rows.getInt(4)).isEqualTo("QUEUED worker=null lease=null attempt=0");
        }
    }

    private static boolean ready(ApiClient api) {
        try {
            return api.getBytes("/actuator/health/readiness", null).statusCode() == 200;
        } catch (java.io.UncheckedIOException notListeningYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
