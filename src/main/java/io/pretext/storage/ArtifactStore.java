package io.pretext.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Where datasets, checkpoints and exports live: a local folder by default, or an S3 bucket.
 *
 * <p>Keys are relative paths of segments {@code [A-Za-z0-9._=-]+} joined by {@code /} (see
 * {@link ArtifactKeys}). Writes are atomic: a reader sees either the previous object or the whole
 * new one, never a part. Implementations are thread-safe.
 */
public interface ArtifactStore {

    /**
     * Streams {@code content} into {@code key}, replacing any existing object once complete. The
     * stream is read to its end but not closed. On failure nothing is left under {@code key}
     * (an existing object stays as it was).
     *
     * @return the size in bytes and SHA-256 of what was stored
     */
    StoredArtifact put(String key, InputStream content) throws IOException;

    /**
     * Opens the object for reading; the caller closes the stream.
     *
     * @throws ArtifactNotFoundException when there is no such object
     */
    InputStream get(String key) throws IOException;

    /** True when an object exists under {@code key}. */
    boolean exists(String key) throws IOException;

    /** Removes the object; removing a missing object is not an error. */
    void delete(String key) throws IOException;

    /** Keys that start with {@code prefix} (may be empty), sorted lexicographically. */
    List<String> list(String prefix) throws IOException;

    /**
     * Probes that the store can be used (for readiness).
     *
     * @throws IOException with the reason when it cannot
     */
    void checkAvailable() throws IOException;

    /** A short description for health details and logs, e.g. {@code filesystem:/data/artifacts}. */
    String describe();
}
