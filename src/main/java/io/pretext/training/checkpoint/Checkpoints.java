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
import io.pretext.training.ArtifactLayout;
import io.pretext.training.loop.Optimization;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and reads checkpoints laid out as {@link ArtifactLayout} says: one {@code <name>.params}
 * per block (always the encoder; a classifier adds its head, a pretext task its projector,
 * predictor or momentum target), the optimizer state and, last, {@code meta.json} (epoch, metrics,
 * model card, provenance) under a prefix. Any failure to write throws, and so fails the attempt: a
 * checkpoint that silently did not happen would lose work on the next crash. Stateless.
 */
public final class Checkpoints {

    private Checkpoints() {
    }

    /**
     * @param optimizerState the optimizer's moments and counts ({@link Optimization#state()})
     * @param files other files the model needs, by name (a text model's
     *     {@link ArtifactLayout#TOKENIZER})
     */
    public static void write(ArtifactStore store, String prefix, Map<String, Block> blocks, byte[] optimizerState,
            Map<String, byte[]> files, Map<String, Object> meta, JsonMapper json) throws IOException {
        for (Map.Entry<String, Block> block : blocks.entrySet()) {
            store.put(prefix + ArtifactLayout.params(block.getKey()),
                    new ByteArrayInputStream(parameters(block.getValue())));
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            store.put(prefix + file.getKey(), new ByteArrayInputStream(file.getValue()));
        }
        store.put(prefix + ArtifactLayout.OPTIMIZER, new ByteArrayInputStream(optimizerState));
        Map<String, Object> provenance = new LinkedHashMap<>(meta);
        provenance.put("djl", Engine.getDjlVersion());
        provenance.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        // meta.json last: its presence says the parameters beside it are complete.
        store.put(prefix + ArtifactLayout.META, new ByteArrayInputStream(json.writeValueAsBytes(provenance)));
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
