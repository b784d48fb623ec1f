package io.pretext.database;

import java.io.File;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** Test helper run in a child JVM: starts PostgreSQL on a folder, says so, and waits to be killed. */
public final class OrphanPostgresMain {

    private OrphanPostgresMain() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(new File(args[0]))
                .setCleanDataDirectory(false).setRegisterShutdownHook(false).start();
        System.out.println("READY " + postgres.getPort());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
