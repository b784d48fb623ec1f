package io.pretext.dataset.ingest;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.pretext.storage.ArtifactStore;
import io.pretext.storage.StoredArtifact;

/**
 * The objects one dataset upload puts into the store: sample shards, staged in a local temp file
 * until they reach the target size, and whole objects (labels, captions, manifest). Remembers every
 * key it put so an abandoned upload can be removed, and the bytes stored. Not thread-safe; one per
 * writer.
 */
final class ShardStaging {

    private final ArtifactStore store;
    private final String prefix;
    private final Path tmpDir;
    private final long shardBytes;
    private final List<CanonicalDataset.Shard> shards = new ArrayList<>();
    private final List<String> written = new ArrayList<>();
    private long sizeBytes;
    private Path shardFile;
    private DataOutputStream shardOut;
    private long shardWritten;
    private int shardFirst;

    /**
     * @param prefix key prefix ending in {@code /}
     * @param shardBytes target shard size in bytes (a shard closes after the sample that reaches it)
     */
    ShardStaging(ArtifactStore store, String prefix, Path tmpDir, long shardBytes) {
        this.store = store;
        this.prefix = prefix;
        this.tmpDir = tmpDir;
        this.shardBytes = shardBytes;
    }

    /** The open shard's stream, opening a shard whose first sample is {@code sample} if none is open. */
    DataOutputStream out(int sample) throws IOException {
        if (shardOut == null) {
            shardFile = Files.createTempFile(tmpDir, "shard-", ".part");
            shardOut = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(shardFile), 1 << 16));
            shardWritten = 0;
            shardFirst = sample;
        }
        return shardOut;
    }

    /** Counts {@code bytes} written to {@link #out}; closes the shard once full ({@code samples} so far). */
    void wrote(long bytes, int samples) throws IOException {
        shardWritten += bytes;
        if (shardWritten >= shardBytes) {
            closeShard(samples);
        }
    }

    /** Puts the open shard, if any, which ends before sample {@code samples}. */
    void closeShard(int samples) throws IOException {
        if (shardOut == null) {
            return;
        }
        shardOut.close();
        shardOut = null;
        String key = prefix + String.format("samples-%05d.bin", shards.size());
        try (InputStream in = Files.newInputStream(shardFile)) {
            put(key, in);
        } finally {
            Files.deleteIfExists(shardFile);
            shardFile = null;
        }
        shards.add(new CanonicalDataset.Shard(key, shardFirst, samples - shardFirst));
    }

    /** Puts a whole object, counted and remembered for {@link #abort()}. */
    void put(String key, InputStream in) throws IOException {
        written.add(key);
        StoredArtifact stored = store.put(key, in);
        sizeBytes += stored.sizeBytes();
    }

    List<CanonicalDataset.Shard> shards() {
        return List.copyOf(shards);
    }

    /** Bytes of every object put so far. */
    long sizeBytes() {
        return sizeBytes;
    }

    /** Deletes the staging file and every object put so far. Safe to call more than once. */
    void abort() throws IOException {
        IOException failure = null;
        try {
            if (shardOut != null) {
                shardOut.close();
            }
        } catch (IOException e) {
            failure = e;
        }
        shardOut = null;
        if (shardFile != null) {
            Files.deleteIfExists(shardFile);
            shardFile = null;
        }
        for (String key : written) {
            try {
                store.delete(key);
            } catch (IOException e) {
                failure = e;
            }
        }
        written.clear();
        if (failure != null) {
            throw failure;
        }
    }
}
