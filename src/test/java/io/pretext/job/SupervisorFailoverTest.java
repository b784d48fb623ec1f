package io.pretext.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.pretext.PretextApplication;
import io.pretext.testing.ApiClient;
import io.pretext.testing.Await;
import io.pretext.testing.ApiClient.FilePart;
import io.pretext.testing.DatasetFiles;
import io.pretext.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A supervisor JVM is SIGKILLed mid-job: its training child must die with it (no orphan), its
 * lease must expire, and another supervisor must take the job over and finish it from the last
 * checkpoint.
 */
class SupervisorFailoverTest {

    static final String ADMIN = "ptx_failover-test-admin-key-01";

    @TempDir
    Path dataDir;

    @Test
    void a_killed_supervisors_job_is_taken_over_by_another_and_its_child_does_not_outlive_it() throws Exception {
        String database = TestDatabase.newEmbeddedDatabase();
        int port = freePort();
        List<String> settings = List.of("--spring.datasource.url=" + database,
                "--spring.datasource.username=" + TestDatabase.embedded().username(), "--spring.datasource.password=",
                "--pretext.data-dir=" + dataDir, "--pretext.security.bootstrap-key=" + ADMIN,
                "--pretext.jobs.lease=5s", "--pretext.jobs.retry-backoff=200ms",
                "--pretext.worker.heartbeat-interval=1s", "--pretext.worker.poll-interval=200ms",
                "--pretext.worker.child-heap=1g");
        Process first = startSupervisorJvm(settings, port);
        String jobId;
        try {
            ApiClient api = new ApiClient(port);
            Await.until(Duration.ofSeconds(90), () -> ready(api));
            String dataset = api.upload("/v1/datasets", ADMIN, Map.of("name", "noise"),
                    new FilePart("file", "n.idx", DatasetFiles.idxImages(3000, 28, 28, 8))).json().get("id").asString();
            jobId = api.post("/v1/experiments", ADMIN, """
                    {"name": "failover", "seed": 2, "checkpoint": {"everyEpochs": 1},
                     "pretrain": {"dataset": "%s", "method": "rotation", "epochs": 4, "batchSize": 64}}
                    """.formatted(dataset)).json().get("jobs").get(0).get("id").asString();
            String job = jobId;
            Await.until(Duration.ofMinutes(6), () -> query(database, "select count(*) from checkpoints where job_id = '"
                    + job + "'").equals("1"));
        } finally {
            first.destroyForcibly().waitFor();
        }
        String job = jobId;
        Await.until(Duration.ofSeconds(20), () -> childrenOf(job).isEmpty());

        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(PretextApplication.class)
                .run(Stream.concat(settings.stream(), Stream.of("--server.port=0")).toArray(String[]::new))) {
            Await.until(Duration.ofMinutes(6), () -> query(database, "select state from jobs where id = '" + job + "'")
                    .equals("SUCCEEDED"));
        }

        assertThat(query(database, "select attempt from jobs where id = '" + job + "'")).isEqualTo("2");
        assertThat(query(database, "select string_agg(epoch::text, ',' order by epoch) from job_metrics "
                + "where job_id = '" + job + "' and name = 'loss'")).isEqualTo("1,2,3,4");
        assertThat(query(database, "select attempt from job_metrics where job_id = '" + job
                + "' and name = 'loss' and epoch = 1")).as("epoch 1 was not redone").isEqualTo("1");
    }

    private static boolean ready(ApiClient api) {
        try {
            return api.getBytes("/actuator/health/readiness", null).statusCode() == 200;
        } catch (java.io.UncheckedIOException notListeningYet) {
            return false;
        }
    }

    private Process startSupervisorJvm(List<String> settings, int port) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PretextApplication.class.getName(),
                "--server.port=" + port));
        command.addAll(settings);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("first-supervisor.log").toFile()).start();
    }

    /** Training children of a job, found by the job id their command line starts with. */
    private static List<Long> childrenOf(String jobId) {
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().matches("\\d+")).filter(p -> {
                try {
                    return new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8)
                            .contains("-Dpretext.job=" + jobId);
                } catch (IOException gone) {
                    return false;
                }
            }).map(p -> Long.parseLong(p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String query(String url, String sql) {
        try (var connection = DriverManager.getConnection(url, TestDatabase.embedded().username(), "");
                var rows = connection.createStatement().executeQuery(sql)) {
            return rows.next() ? String.valueOf(rows.getString(1)) : "";
        } catch (java.sql.SQLException e) {
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
