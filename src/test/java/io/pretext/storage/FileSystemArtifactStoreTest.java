package io.pretext.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemArtifactStoreTest extends ArtifactStoreContract {

    @TempDir
    Path root;

    @Override
    ArtifactStore createStore() throws Exception {
        return new FileSystemArtifactStore(root);
    }

    @Test
    void a_failed_put_leaves_no_temporary_file() throws Exception {
        try {
            store.put(base + "/f", failingAfter(randomBytes(10_000), 5_000));
        } catch (java.io.IOException expected) {
            // the point is what is left on disk
        }

        try (var files = Files.list(root.resolve(".tmp"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void a_put_that_finds_the_disk_full_is_reported_as_full_and_leaves_nothing() throws Exception {
        java.io.InputStream diskFull = new java.io.InputStream() {
            private int left = 5_000;

            @Override
            public int read() throws java.io.IOException {
                if (left <= 0) {
                    // What the JDK throws when a write meets ENOSPC (the reason, no errno).
                    throw new java.io.IOException("No space left on device");
                }
                left--;
                return 7;
            }
        };

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.put(base + "/full", diskFull))
                .isInstanceOf(StorageFullException.class).hasMessageContaining("No space left on device");
        assertThat(store.exists(base + "/full")).isFalse();
        try (var files = Files.list(root.resolve(".tmp"))) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void a_full_file_system_is_recognised_by_its_reason_only() {
        assertThat(StorageFullException.isFull(new java.nio.file.FileSystemException("/a", null,
                "No space left on device"))).isTrue();
        assertThat(StorageFullException.isFull(new java.io.UncheckedIOException(
                new java.io.IOException("Disk quota exceeded")))).isTrue();
        assertThat(StorageFullException.isFull(new java.nio.file.AccessDeniedException("/a"))).isFalse();
        assertThat(StorageFullException.isFull(new java.io.IOException("Broken pipe"))).isFalse();
    }

    @Test
    void temporary_files_are_not_listed_and_cannot_be_addressed() throws Exception {
        store.put(base + "/visible", new ByteArrayInputStream(new byte[] {1}));
        Files.writeString(root.resolve(".tmp").resolve("leftover.part"), "x");

        assertThat(store.list("")).containsExactly(base + "/visible");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.get(".tmp/leftover.part"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
