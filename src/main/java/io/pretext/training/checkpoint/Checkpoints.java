package io.pretext.training.checkpoint;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.pretext.storage.ArtifactStore;
import io.pretext.storage.StoredArtifact;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.loop.Optimization;
import io.pretext.training.method.Objective;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and reads checkpoints laid out as {@link ArtifactLayout} says: one {@code <name>.params}
 * per block (always the encoder; a classifier adds its head, a pretext task its projector,
 * predictor or momentum target), the optimizer state, the method's own state when it has one,
 * {@code meta.json} (epoch, metrics, model card, provenance) and, last, the manifest
 * ({@link CheckpointManifest}) under a prefix. Any failure to write throws, and so fails the attempt:
 * a checkpoint that silently did not happen would lose work on the next crash. Stateless.
 */
public final class Checkpoints {

    private Checkpoints() {
    }

    /**
     * Writes every file of {@code contents} under {@code prefix}, then the manifest: until the
     * manifest is there, nothing resumes from the checkpoint.
     *
     * @return the manifest written
     */
    public static CheckpointManifest write(ArtifactStore store, String prefix, CheckpointContents contents,
            TrainingPosition position, JsonMapper json) throws IOException {
        // A checkpoint written again in the same place (an epoch redone after a crash) must not look
        // complete, by its old manifest, while its files are half old and half new.
        store.delete(prefix + ArtifactLayout.MANIFEST);
        Map<String, CheckpointManifest.FileEntry> written = new LinkedHashMap<>();
        for (Map.Entry<String, Block> block : contents.blocks().entrySet()) {
            put(store, prefix, ArtifactLayout.params(block.getKey()), parameters(block.getValue()), written);
        }
        for (Map.Entry<String, byte[]> file : contents.files().entrySet()) {
            put(store, prefix, file.getKey(), file.getValue(), written);
        }
        put(store, prefix, ArtifactLayout.OPTIMIZER, contents.optimizerState(), written);
        if (contents.methodState() != null) {
            put(store, prefix, ArtifactLayout.METHOD_STATE, contents.methodState(), written);
        }
        Map<String, Object> provenance = new LinkedHashMap<>(contents.meta());
        provenance.put("djl", Engine.getDjlVersion());
        provenance.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        put(store, prefix, ArtifactLayout.META, json.writeValueAsBytes(provenance), written);
        CheckpointManifest manifest = new CheckpointManifest(position, written);
        // Last: its presence says every file above is complete.
        store.put(prefix + ArtifactLayout.MANIFEST, new ByteArrayInputStream(manifest.toJson(json)));
        return manifest;
    }

    /**
     * Deletes the checkpoint under {@code prefix}: the manifest first, so that a deletion cut short
     * leaves an incomplete checkpoint that nothing selects rather than a complete-looking one with
     * files missing.
     */
    public static void delete(ArtifactStore store, String prefix) throws IOException {
        store.delete(prefix + ArtifactLayout.MANIFEST);
        for (String key : store.list(prefix)) {
            store.delete(key);
        }
    }

    private static void put(ArtifactStore store, String prefix, String name, byte[] bytes,
            Map<String, CheckpointManifest.FileEntry> written) throws IOException {
        StoredArtifact stored = store.put(prefix + name, new ByteArrayInputStream(bytes));
        written.put(name, new CheckpointManifest.FileEntry(stored.sizeBytes(), stored.sha256()));
    }

    /**
     * Restores a method's own state saved with a checkpoint ({@link ArtifactLayout#METHOD_STATE}),
     * when it has one (checkpoints from before MoCo's queue was saved do not: its queue then starts
     * afresh, as it used to).
     */
    public static void loadMethodState(ArtifactStore store, String prefix, Objective objective, NDManager manager)
            throws IOException {
        if (store.exists(prefix + ArtifactLayout.METHOD_STATE)) {
            try (InputStream in = store.get(prefix + ArtifactLayout.METHOD_STATE)) {
                objective.restoreMethodState(in, manager);
            }
        }
    }

    /** Loads every block of {@code blocks} from its {@link ArtifactLayout#params} file under a prefix. */
    public static void loadAll(ArtifactStore store, String prefix, Map<String, Block> blocks, NDManager manager)
            throws IOException {
        for (Map.Entry<String, Block> block : blocks.entrySet()) {
            load(store, prefix + ArtifactLayout.params(block.getKey()), block.getValue(), manager);
        }
    }

    /** Restores the optimizer state saved with a checkpoint, when it has one (older ones do not). */
    public static void loadOptimizer(ArtifactStore store, String prefix, Optimization optimization, NDManager manager)
            throws IOException {
        if (store.exists(prefix + ArtifactLayout.OPTIMIZER)) {
            try (InputStream in = store.get(prefix + ArtifactLayout.OPTIMIZER)) {
                optimization.restore(in, manager);
            }
        }
    }

    public static void load(ArtifactStore store, String key, Block block, NDManager manager) throws IOException {
        try (InputStream in = store.get(key); DataInputStream data = new DataInputStream(in)) {
            block.loadParameters(manager, data);
        } catch (MalformedModelException e) {
            throw new IOException("Checkpoint " + key + " does not fit this model: " + e.getMessage(), e);
        }
        // Loading replaces each parameter's array with one that records no gradient; a trainable
        // parameter must record again, or the next backward pass finds nothing to differentiate.
        for (Parameter p : block.getParameters().values()) {
            if (p.requiresGradient()) {
                p.getArray().setRequiresGradient(true);
            }
        }
    }

    private static byte[] parameters(Block block) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            block.saveParameters(out);
        }
        return bytes.toByteArray();
    }
}
