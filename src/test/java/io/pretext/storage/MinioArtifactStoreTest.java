package io.pretext.storage;

import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.containers.MinIOContainer;

/** The S3 store against MinIO, where a Docker engine is available (skipped elsewhere). */
@Testcontainers(disabledWithoutDocker = true)
class MinioArtifactStoreTest extends ArtifactStoreContract {

    @Container
    static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2025-04-22T22-12-26Z");

    @Override
    ArtifactStore createStore() {
        return StorageConfiguration.s3Store(new StorageProperties.S3(java.net.URI.create(MINIO.getS3URL()), "us-east-1",
                "pretext-contract", "", MINIO.getUserName(), MINIO.getPassword(), true, true, 5));
    }
}
