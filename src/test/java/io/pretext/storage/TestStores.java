package io.pretext.storage;

import java.io.IOException;
import java.nio.file.Path;

/** Gives tests in other packages a real folder-backed store. */
public final class TestStores {

    private TestStores() {
    }

    public static ArtifactStore folder(Path root) throws IOException {
        return new FileSystemArtifactStore(root);
    }
}
