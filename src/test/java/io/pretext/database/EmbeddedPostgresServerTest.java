package io.pretext.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerTest {

    @TempDir
    Path dataDir;

    @Test
    void the_server_keeps_data_durably_and_serves_the_pretext_database() throws Exception {
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0)) {
            assertThat(setting(server, "fsync")).isEqualTo("on");
            assertThat(setting(server, "synchronous_commit")).isEqualTo("on");
            assertThat(query(server, "select current_database()")).isEqualTo("pretext");
        }
    }

    @Test
    void a_server_left_running_by_a_killed_instance_is_stopped_and_replaced() throws Exception {
        long orphanPid = startOrphanedPostgres(dataDir.resolve("postgres"));

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0)) {
            assertThat(ProcessHandle.of(orphanPid).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(query(server, "select 1")).isEqualTo("1");
        }
    }

    @Test
    void a_new_data_directory_gets_a_password_kept_owner_only_and_connections_need_it() throws Exception {
        Path passwordFile = dataDir.resolve("postgres.password");
        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0)) {
            assertThat(passwordFile).exists();
            assertThat(Files.getPosixFilePermissions(passwordFile)).containsExactlyInAnyOrder(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
            String password = Files.readString(passwordFile).strip();
            assertThat(password).hasSizeGreaterThanOrEqualTo(32);
            assertThat(server.connectionDetails().getPassword()).isEqualTo(password);
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), server.username(), "").close())
                    .isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), server.username(), "guess").close())
                    .isInstanceOf(SQLException.class);
            assertThat(query(server, "select 1")).isEqualTo("1");
        }
        String first = Files.readString(passwordFile);

        try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(dataDir, 0)) {
            assertThat(Files.readString(passwordFile)).isEqualTo(first);
            assertThat(query(again, "select current_database()")).isEqualTo("pretext");
        }
    }

    @Test
    void a_lost_password_file_is_named_instead_of_a_failed_login() throws Exception {
        EmbeddedPostgresServer.start(dataDir, 0).close();
        Files.delete(dataDir.resolve("postgres.password"));

        assertThatThrownBy(() -> EmbeddedPostgresServer.start(dataDir, 0).close())
                .isInstanceOf(java.io.IOException.class).hasMessageContaining("postgres.password")
                .hasMessageContaining("missing");
    }

    @Test
    void a_data_directory_made_before_passwords_keeps_working_without_one() throws Exception {
        EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("postgres")).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).start().close();

        try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, 0)) {
            assertThat(query(server, "select 1")).isEqualTo("1");
            assertThat(dataDir.resolve("postgres.password")).doesNotExist();
        }
    }

    @Test
    void on_sigterm_the_server_stays_up_until_the_application_closes_it() throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LateShutdownHookMain.class.getName(), dataDir.toString())
                .redirectErrorStream(true).start();
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("READY")) {
                output.append(line).append('\n');
            }
            assertThat(line).as("server started: " + output).isNotNull();
            jvm.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
            while ((line = out.readLine()) != null) {
                output.append(line).append('\n');
            }
        }
        jvm.waitFor();

        // zonky's own shutdown hook would stop PostgreSQL at once, beside the application's.
        assertThat(output.toString()).contains("DATABASE UP", "CLOSED");
        assertThat(dataDir.resolve("postgres/postmaster.pid")).as("stopped when closed").doesNotExist();
    }

    /** What a SIGKILLed Pretext leaves behind: a postmaster on the data directory, its JVM gone. */
    private static long startOrphanedPostgres(Path pgData) throws Exception {
        Process jvm = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), OrphanPostgresMain.class.getName(), pgData.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream()))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("READY")) {
                // zonky's start-up chatter
            }
            assertThat(line).as("orphan postgres started").isNotNull();
        }
        jvm.destroyForcibly().waitFor();
        long pid = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).trim());
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("postgres outlived its JVM").isPresent();
        return pid;
    }

    private static String setting(EmbeddedPostgresServer server, String name) throws Exception {
        return query(server, "show " + name);
    }

    private static String query(EmbeddedPostgresServer server, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(),
                server.connectionDetails().getPassword());
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
