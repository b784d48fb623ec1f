package io.pretext.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;

import io.pretext.storage.StorageFullException;
import io.pretext.storage.StorageUnavailableException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** What a caller reads when the artifact store is full or unreachable: never a 500. */
@WebMvcTest(StorageProblemsTest.StoringController.class)
@AutoConfigureMockMvc(addFilters = false)
@Import(StorageProblemsTest.StoringController.class)
class StorageProblemsTest {

    @RestController
    static class StoringController {
        @PostMapping("/test/full")
        void full() throws IOException {
            throw new StorageFullException("No space left on device in the artifact folder: could not store datasets/x",
                    new FileSystemException("/data/artifacts/.tmp/x.part", null, "No space left on device"));
        }

        @PostMapping("/test/unreachable")
        void unreachable() throws IOException {
            throw new StorageUnavailableException("S3 put of datasets/x failed: Connection refused to minio.internal",
                    new IOException("Connection refused"));
        }

        @PostMapping("/test/wrapped")
        void wrapped() {
            throw new UncheckedIOException(new StorageUnavailableException("S3 get failed", null));
        }
    }

    @Autowired
    MockMvcTester mvc;

    @Test
    void a_full_store_is_507_insufficient_storage_without_paths() {
        var result = mvc.post().uri("/test/full").exchange();

        assertThat(result).hasStatus(507).hasContentType("application/problem+json");
        assertThat(result).bodyJson().extractingPath("$.detail").asString()
                .contains("artifact store is full").doesNotContain("/data/artifacts");
    }

    @Test
    void an_unreachable_store_is_503_with_retry_after_without_hosts() {
        var result = mvc.post().uri("/test/unreachable").exchange();

        assertThat(result).hasStatus(503).hasContentType("application/problem+json")
                .hasHeader("Retry-After", String.valueOf(StorageProblemHandler.RETRY_AFTER_SECONDS));
        assertThat(result).bodyJson().extractingPath("$.detail").asString()
                .contains("cannot be reached").doesNotContain("minio.internal");
    }

    @Test
    void a_storage_failure_wrapped_in_another_exception_is_still_503() {
        var result = mvc.post().uri("/test/wrapped").exchange();

        assertThat(result).hasStatus(503).hasContentType("application/problem+json");
    }
}
