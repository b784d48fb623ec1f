package io.pretext.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import io.pretext.testing.S3ProxyServer;
import org.junit.jupiter.api.Test;

/** The S3 store against a real S3 API server (S3Proxy), through the same factory the app uses. */
class S3ArtifactStoreTest extends ArtifactStoreContract {

    static final String BUCKET = "pretext-contract";

    @Override
    ArtifactStore createStore() {
        S3ProxyServer server = S3ProxyServer.shared();
        return StorageConfiguration.s3Store(new StorageProperties.S3(server.endpoint(), "us-east-1", BUCKET, "tests",
                S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, true, true, 5));
    }

    @Test
    void a_failed_multipart_put_leaves_no_pending_upload() throws Exception {
        try {
            store.put(base + "/aborted.bin", failingAfter(randomBytes(LARGE), LARGE - 10));
        } catch (IOException expected) {
            // the point is what the bucket holds afterwards
        }

        try (var s3 = StorageConfiguration.s3Client(new StorageProperties.S3(S3ProxyServer.shared().endpoint(),
                "us-east-1", BUCKET, "", S3ProxyServer.ACCESS_KEY, S3ProxyServer.SECRET_KEY, true, false, 5))) {
            assertThat(s3.listMultipartUploads(b -> b.bucket(BUCKET).prefix("tests/" + base)).uploads()).isEmpty();
        }
    }

    @Test
    void an_unreachable_endpoint_is_reported_as_unavailable_not_as_any_failure() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ArtifactStore unreachable = new S3ArtifactStore(StorageConfiguration.s3Client(new StorageProperties.S3(
                java.net.URI.create("http://127.0.0.1:" + closedPort), "us-east-1", BUCKET, "", S3ProxyServer.ACCESS_KEY,
                S3ProxyServer.SECRET_KEY, true, false, 5)), BUCKET, "", S3ArtifactStore.MIN_PART_SIZE);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> unreachable.put(base + "/x",
                new java.io.ByteArrayInputStream(new byte[] {1}))).isInstanceOf(StorageUnavailableException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> unreachable.get(base + "/x"))
                .isInstanceOf(StorageUnavailableException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> unreachable.list(base))
                .isInstanceOf(StorageUnavailableException.class);
    }

    @Test
    void server_errors_and_throttling_are_unavailability_other_answers_are_not() {
        assertThat(S3ArtifactStore.failure("put of k", software.amazon.awssdk.services.s3.model.S3Exception.builder()
                .statusCode(503).message("Slow Down").build())).isInstanceOf(StorageUnavailableException.class);
        assertThat(S3ArtifactStore.failure("put of k", software.amazon.awssdk.services.s3.model.S3Exception.builder()
                .statusCode(500).message("Internal Error").build())).isInstanceOf(StorageUnavailableException.class);
        assertThat(S3ArtifactStore.failure("put of k", software.amazon.awssdk.services.s3.model.S3Exception.builder()
                .statusCode(403).message("Access Denied").build())).isNotInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("S3 put of k failed");
    }

    @Test
    void a_refused_request_is_a_failure_but_not_unavailability() {
        ArtifactStore denied = StorageConfiguration.s3Store(new StorageProperties.S3(S3ProxyServer.shared().endpoint(),
                "us-east-1", BUCKET, "", S3ProxyServer.ACCESS_KEY, "a-wrong-secret", true, false, 5));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> denied.put(base + "/x",
                new java.io.ByteArrayInputStream(new byte[] {1}))).isInstanceOf(IOException.class)
                .isNotInstanceOf(StorageUnavailableException.class);
    }

    @Test
    void an_unreachable_bucket_is_reported_unavailable() {
        ArtifactStore missing = StorageConfiguration.s3Store(new StorageProperties.S3(S3ProxyServer.shared().endpoint(),
                "us-east-1", "no-such-bucket-" + System.nanoTime(), "", S3ProxyServer.ACCESS_KEY,
                S3ProxyServer.SECRET_KEY, true, false, 5));

        org.assertj.core.api.Assertions.assertThatThrownBy(missing::checkAvailable).isInstanceOf(IOException.class);
    }
}
