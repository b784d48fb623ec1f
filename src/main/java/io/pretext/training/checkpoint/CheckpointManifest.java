package io.pretext.training.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.pretext.storage.ArtifactStore;
import io.pretext.training.ArtifactLayout;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The manifest of a checkpoint ({@link ArtifactLayout#MANIFEST}), written after every other file:
 * where the checkpoint stands in training and each of its files with its size and SHA-256. A
 * checkpoint is complete when its manifest exists and names only files that exist; a torn write
 * (a crash, a full disk, an unreachable store mid-checkpoint) leaves no manifest, so no selector
 * picks it. Immutable.
 *
 * @param position the training position the checkpoint holds
 * @param files every other file of the checkpoint, by name relative to its prefix
 */
public record CheckpointManifest(TrainingPosition position, Map<String, FileEntry> files) {

    /** The version of this manifest's JSON layout. */
    public static final int FORMAT = 1;

    /** One file of a checkpoint. */
    public record FileEntry(long sizeBytes, String sha256) {
    }

    public CheckpointManifest {
        files = Map.copyOf(files);
    }

    byte[] toJson(JsonMapper json) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("format", FORMAT);
        out.put("epochsDone", position.epochsDone());
        out.put("stepInEpoch", position.stepInEpoch());
        out.put("globalStep", position.globalStep());
        Map<String, Object> entries = new LinkedHashMap<>();
        files.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                entries.put(e.getKey(), Map.of("sizeBytes", e.getValue().sizeBytes(), "sha256", e.getValue().sha256())));
        out.put("files", entries);
        return json.writeValueAsBytes(out);
    }

    /**
     * The manifest under {@code prefix}, when there is one and it reads.
     *
     * @return empty when there is no manifest, or it is unreadable or of an unknown format
     */
    public static Optional<CheckpointManifest> read(ArtifactStore store, String prefix, JsonMapper json)
            throws IOException {
        if (!store.exists(prefix + ArtifactLayout.MANIFEST)) {
            return Optional.empty();
        }
        JsonNode node;
        try (InputStream in = store.get(prefix + ArtifactLayout.MANIFEST)) {
            node = json.readTree(in);
        } catch (JacksonException e) {
            return Optional.empty();
        }
        if (node == null || node.path("format").asInt(-1) != FORMAT) {
            return Optional.empty();
        }
        Map<String, FileEntry> files = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> file : node.path("files").properties()) {
            files.put(file.getKey(), new FileEntry(file.getValue().path("sizeBytes").asLong(),
                    file.getValue().path("sha256").asString()));
        }
        return Optional.of(new CheckpointManifest(new TrainingPosition(node.path("epochsDone").asInt(),
                node.path("stepInEpoch").asInt(), node.path("globalStep").asLong()), files));
    }

    /** Whether every file this manifest names is among {@code keys} (full keys under {@code prefix}). */
    public boolean completeIn(String prefix, Set<String> keys) {
        return files.keySet().stream().allMatch(name -> keys.contains(prefix + name));
    }
}
