package io.pretext.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Builds an {@link ArtifactStore} from settings, for code that runs without Spring (the training
 * child JVM) as well as for the application context.
 */
public final class ArtifactStores {

    private ArtifactStores() {
    }

    /**
     * @param dataDir the data directory; the folder store lives in its {@code artifacts/}
     */
    public static ArtifactStore create(StorageProperties storage, Path dataDir) throws IOException {
        return switch (storage.type()) {
            case FILESYSTEM -> new FileSystemArtifactStore(dataDir.resolve("artifacts"));
            case S3 -> StorageConfiguration.s3Store(storage.s3());
        };
    }
}
