package io.pretext.database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * Test helper run in a child JVM: starts the embedded server, then waits to be stopped. Its
 * shutdown hook stands in for Spring's (which closes the application, so workers hand their jobs
 * back, before the server bean closes): 2 s in, it still needs the database, then closes the server.
 */
public final class LateShutdownHookMain {

    private LateShutdownHookMain() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]), 0);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Thread.sleep(2000);
                try (Connection c = DriverManager.getConnection(server.jdbcUrl(), server.username(), server.password());
                        var rows = c.createStatement().executeQuery("select 1")) {
                    rows.next();
                    System.out.println("DATABASE UP");
                } catch (SQLException e) {
                    System.out.println("DATABASE GONE: " + e.getMessage());
                }
                server.close();
                System.out.println("CLOSED");
            } catch (Exception e) {
                System.out.println("HOOK FAILED: " + e);
            }
            System.out.flush();
        }));
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
