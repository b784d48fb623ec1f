package io.pretext.storage;

import java.io.IOException;

/** The requested artifact does not exist. */
public class ArtifactNotFoundException extends IOException {

    public ArtifactNotFoundException(String key) {
        super("No artifact under key " + key);
    }
}
