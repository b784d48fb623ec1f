package io.pretext.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

/**
 * A real PostgreSQL server (zonky's embedded binaries) whose files persist under
 * {@code <dataDir>/postgres}, so stopping and starting Pretext keeps every row. The data directory
 * is locked for the life of the server. A new data directory gets a random superuser password
 * ({@link EmbeddedPostgresPassword}) that every connection must give; one made before passwords
 * existed has none and keeps trusting local connections (the README says how to add one).
 * The server runs until {@link #close()}: it registers no JVM shutdown hook of its own, so that on
 * SIGTERM it outlives the application that uses it (Spring closes it as a bean, after the connection
 * pool). Thread-safe after construction.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    static final String DATABASE = "pretext";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final DataDirectoryLock lock;
    private final EmbeddedPostgres postgres;
    private final String password;

    private EmbeddedPostgresServer(DataDirectoryLock lock, EmbeddedPostgres postgres, String password) {
        this.lock = lock;
        this.postgres = postgres;
        this.password = password;
    }

    /**
     * Starts (initialising on first use) the server for {@code dataDir}.
     *
     * @param port TCP port on loopback, or 0 for a free one
     * @throws DataDirectoryInUseException when another instance holds the directory
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port) throws IOException {
        DataDirectoryLock lock = DataDirectoryLock.acquire(dataDir);
        try {
            Path pgData = dataDir.resolve("postgres");
            Files.createDirectories(pgData);
            StalePostmaster.stopIfRunning(pgData);
            boolean initialised = Files.exists(pgData.resolve("PG_VERSION"));
            Optional<String> password = EmbeddedPostgresPassword.read(dataDir);
            if (password.isEmpty() && !initialised) {
                password = Optional.of(EmbeddedPostgresPassword.create(dataDir));
            }
            if (password.isEmpty() && EmbeddedPostgresPassword.isRequiredBy(pgData)) {
                throw new IOException(pgData + " needs the password that was kept in "
                        + EmbeddedPostgresPassword.file(dataDir) + ", which is missing: restore it from a backup");
            }
            // zonky tunes for throwaway test databases (fsync off); this one holds user data.
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("max_connections", "100")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // zonky's JVM shutdown hook would stop the server at SIGTERM while the
                    // application still hands jobs back; the owner closes it, after the pool.
                    .setRegisterShutdownHook(false);
            if (port > 0) {
                builder.setPort(port);
            }
            if (!initialised) {
                // zonky runs initdb with '-A trust'; these later options override it (it passes
                // its "locale" settings on as --name=value).
                builder.setLocaleConfig("auth-host", "scram-sha-256")
                        .setLocaleConfig("auth-local", "scram-sha-256")
                        .setLocaleConfig("pwfile", EmbeddedPostgresPassword.file(dataDir).toAbsolutePath().toString());
            }
            password.ifPresent(p -> builder.setConnectConfig("password", p));
            if (password.isEmpty()) {
                log.warn("The embedded PostgreSQL in {} has no {} (it was created before Pretext set a password) and "
                        + "trusts every local connection; see the README to add one", pgData,
                        EmbeddedPostgresPassword.FILE_NAME);
            }
            EmbeddedPostgres postgres = builder.start();
            EmbeddedPostgresServer server = new EmbeddedPostgresServer(lock, postgres, password.orElse(""));
            server.createDatabaseIfMissing();
            log.info("Embedded PostgreSQL {} listening on 127.0.0.1:{}, data in {}", DATABASE, postgres.getPort(),
                    pgData.toAbsolutePath().normalize());
            return server;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** JDBC URL of the {@code pretext} database. */
    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** JDBC URL of another database on this server. */
    public String jdbcUrl(String database) {
        return postgres.getJdbcUrl("postgres", database);
    }

    public String username() {
        return "postgres";
    }

    /** The superuser's password; empty for a data directory made before passwords existed. */
    public String password() {
        return password;
    }

    /** Connection details for Spring Boot's DataSource. */
    public JdbcConnectionDetails connectionDetails() {
        return new JdbcConnectionDetails() {
            @Override
            public String getUsername() {
                return username();
            }

            @Override
            public String getPassword() {
                return password();
            }

            @Override
            public String getJdbcUrl() {
                return jdbcUrl();
            }
        };
    }

    public int port() {
        return postgres.getPort();
    }

    private void createDatabaseIfMissing() throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                PreparedStatement exists = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement create = c.createStatement()) {
                        create.execute("create database " + DATABASE);
                    }
                }
            }
        } catch (SQLException e) {
            throw new IOException("Could not create the embedded database " + DATABASE, e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            postgres.close();
        } finally {
            lock.close();
        }
    }
}
