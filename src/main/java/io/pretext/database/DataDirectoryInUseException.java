package io.pretext.database;

import java.nio.file.Path;

/** Another Pretext process already runs an embedded database on this data directory. */
public class DataDirectoryInUseException extends IllegalStateException {

    DataDirectoryInUseException(Path dataDir) {
        super("Another Pretext instance is already using the data directory " + dataDir.toAbsolutePath().normalize()
                + " (its lock file " + DataDirectoryLock.LOCK_FILE + " is held). Stop that instance, or give this one"
                + " its own PRETEXT_DATA_DIR, or point SPRING_DATASOURCE_URL at a shared PostgreSQL.");
    }
}
