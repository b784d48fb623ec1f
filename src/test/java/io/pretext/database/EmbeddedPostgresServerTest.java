package io.pretext.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

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
        try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), "");
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
