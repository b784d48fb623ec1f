package io.pretext.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pretext.PretextApplication;
import io.pretext.testing.Await;
import io.pretext.testing.TestDatabase;
import io.pretext.training.JobKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Closing the application (what SIGTERM does) while a slot runs a job: the slot hands the job back
 * before the connection pool closes, so the row is QUEUED with no lease and the next worker can
 * claim it at once, and the whole close stays within {@code pretext.worker.shutdown-grace-period},
 * killing a child that does not hand back in time. The children are stand-ins (plain processes),
 * so no training runs.
 */
class WorkerShutdownTest {

    static final Duration GRACE = Duration.ofSeconds(6);

    @TempDir
    Path dataDir;

    String database;
    ConfigurableApplicationContext app;

    @AfterEach
    void closeApp() {
        if (app != null) {
            app.close();
        }
        StandInChildren.killAll();
    }

    @Test
    void a_child_that_ignores_the_release_is_killed_in_time_and_its_job_is_claimable_at_once() throws Exception {
        UUID job = startWithJob(List.of("sleep", "600")); // sleep never reads the release request

        long closing = System.nanoTime();
        app.close();
        Duration took = Duration.ofNanos(System.nanoTime() - closing);

        assertThat(took).as("the close took " + took).isLessThan(GRACE);
        assertThat(row(job)).isEqualTo("QUEUED worker=null lease=null attempt=0");
        assertThat(StandInChildren.alive()).isEmpty();
    }

    @Test
    void a_child_that_hands_back_is_requeued_before_the_pool_closes() throws Exception {
        UUID job = startWithJob(List.of("sh", "-c", "read request; exit 4")); // 4: ExitCodes.RELEASED

        long closing = System.nanoTime();
        app.close();
        Duration took = Duration.ofNanos(System.nanoTime() - closing);

        assertThat(took).as("the close took " + took).isLessThan(Duration.ofSeconds(3));
        assertThat(row(job)).isEqualTo("QUEUED worker=null lease=null attempt=0");
    }

    private UUID startWithJob(List<String> childCommand) throws SQLException {
        database = TestDatabase.newEmbeddedDatabase();
        StandInChildren.command = childCommand;
        Map<String, String> settings = Map.of(
                "spring.datasource.url", database,
                "spring.datasource.username", TestDatabase.embedded().username(),
                "spring.datasource.password", "",
                "pretext.data-dir", dataDir.toString(),
                "server.port", "0",
                "pretext.security.bootstrap-key", "ptx_shutdown-test-admin-key-01",
                "pretext.worker.devices", "cpu",
                "pretext.worker.heartbeat-interval", "1s",
                "pretext.worker.poll-interval", "200ms",
                "pretext.worker.shutdown-grace-period", GRACE.toSeconds() + "s");
        app = new SpringApplicationBuilder(PretextApplication.class, StandInChildren.class)
                .run(settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        UUID tenant = UUID.randomUUID();
        UUID experiment = UUID.randomUUID();
        jdbc.sql("insert into tenants (id, name, created_at) values (:id, 'shutdown', now())").param("id", tenant).update();
        jdbc.sql("insert into experiments (id, tenant_id, name, spec, created_at) values (:id, :t, 'shutdown', '{}', now())")
                .param("id", experiment).param("t", tenant).update();
        UUID job = UUID.randomUUID();
        app.getBean(JobService.class).enqueue(tenant, experiment,
                List.of(new NewJob(job, JobKind.PRETRAIN, 0, 2, payload(), List.of())));
        Await.until(Duration.ofSeconds(30), () -> !StandInChildren.alive().isEmpty());
        assertThat(row(job)).startsWith("RUNNING");
        return job;
    }

    /** The job's row, read over a connection of its own: the application's pool is closed by now. */
    private String row(UUID job) throws SQLException {
        try (var connection = DriverManager.getConnection(database, TestDatabase.embedded().username(), "");
                var statement = connection.prepareStatement(
                        "select state, worker_id, lease_expires_at, attempt from jobs where id = ?")) {
            statement.setObject(1, job);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getString(1) + " worker=" + rows.getString(2) + " lease=" + rows.getString(3)
                        + " attempt=" + rows.getInt(4);
            }
        }
    }

    private static String payload() {
        try (InputStream in = WorkerShutdownTest.class.getResourceAsStream("/payloads/old-planner.jsonl")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElseThrow();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Launches {@link #command} instead of a training child, and remembers what it launched. */
    @TestConfiguration(proxyBeanMethods = false)
    static class StandInChildren {

        static volatile List<String> command;
        static final List<Process> launched = new java.util.concurrent.CopyOnWriteArrayList<>();

        static List<Process> alive() {
            return launched.stream().filter(Process::isAlive).toList();
        }

        static void killAll() {
            launched.forEach(Process::destroyForcibly);
            launched.clear();
        }

        @Bean
        @Primary
        ChildLauncher standInLauncher(WorkerProperties worker) {
            return new ChildLauncher(worker) {
                @Override
                Process start(Path requestFile, String device, Path logFile, UUID jobId) throws IOException {
                    Process process = new ProcessBuilder(command)
                            .redirectError(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
                    launched.add(process);
                    return process;
                }
            };
        }
    }
}
