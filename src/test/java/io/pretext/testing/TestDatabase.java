package io.pretext.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.pretext.database.EmbeddedPostgresServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.testcontainers.DockerClientFactory;

/**
 * The one switch that picks the PostgreSQL the integration tests run against:
 * {@code PRETEXT_TEST_DB} (or {@code -Dpretext.test.db}) = {@code embedded}, {@code testcontainers}
 * or {@code auto} (the default: Testcontainers when a Docker engine answers, else embedded).
 */
public final class TestDatabase {

    public enum Kind { EMBEDDED, TESTCONTAINERS }

    private static volatile Kind kind;
    private static EmbeddedPostgresServer embedded;

    private TestDatabase() {
    }

    public static Kind kind() {
        if (kind == null) {
            synchronized (TestDatabase.class) {
                if (kind == null) {
                    kind = decide();
                }
            }
        }
        return kind;
    }

    private static Kind decide() {
        String wanted = System.getProperty("pretext.test.db", System.getenv().getOrDefault("PRETEXT_TEST_DB", "auto"))
                .toLowerCase(Locale.ROOT);
        return switch (wanted) {
            case "embedded" -> Kind.EMBEDDED;
            case "testcontainers" -> Kind.TESTCONTAINERS;
            case "auto" -> DockerClientFactory.instance().isDockerAvailable() ? Kind.TESTCONTAINERS : Kind.EMBEDDED;
            default -> throw new IllegalArgumentException("PRETEXT_TEST_DB must be auto, embedded or testcontainers");
        };
    }

    /**
     * A new, empty database on the shared embedded server, for a test that must not see (or leave)
     * the rows of the shared test database.
     *
     * @return its JDBC URL
     */
    public static String newEmbeddedDatabase() {
        String name = "t" + java.util.UUID.randomUUID().toString().replace("-", "");
        try (var connection = java.sql.DriverManager.getConnection(embedded().jdbcUrl(), embedded().username(), "");
                var statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return embedded().jdbcUrl(name);
    }

    /**
     * The JVM-wide embedded server, started on first use in a fresh folder and stopped at JVM exit.
     * Its folder is initialised the way Pretext did before the embedded server had a password, so
     * it trusts local connections: many tests connect as {@code username()} with an empty
     * password. EmbeddedPostgresServerTest covers the password of a new data directory.
     */
    public static synchronized EmbeddedPostgresServer embedded() {
        if (embedded == null) {
            try {
                Path dir = Files.createTempDirectory("pretext-test-pg");
                EmbeddedPostgres.builder().setDataDirectory(dir.resolve("postgres")).setCleanDataDirectory(false)
                        .setRegisterShutdownHook(false).start().close();
                embedded = EmbeddedPostgresServer.start(dir, 0);
                EmbeddedPostgresServer server = embedded;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        server.close();
                    } catch (IOException ignored) {
                        // JVM exit: nothing left to tell
                    }
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return embedded;
    }
}
