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
    void temporary_files_are_not_listed_and_cannot_be_addressed() throws Exception {
        store.put(base + "/visible", new ByteArrayInputStream(new byte[] {1}));
        Files.writeString(root.resolve(".tmp").resolve("leftover.part"), "x");

        assertThat(store.list("")).containsExactly(base + "/visible");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.get(".tmp/leftover.part"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
