package io.pretext.storage;

/**
 * What {@link ArtifactStore#put} stored.
 *
 * @param key the object's key, never null
 * @param sizeBytes its length in bytes
 * @param sha256 lower-case hex SHA-256 of its bytes, never null
 */
public record StoredArtifact(String key, long sizeBytes, String sha256) {
}
