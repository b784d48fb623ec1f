package io.pretext.training;

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
import io.pretext.storage.ArtifactStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes and reads checkpoints: {@code model.params}, {@code encoder.params} and {@code meta.json}
 * (epoch, metrics, provenance) under a prefix. Any failure to write throws, and so fails the
 * attempt: a checkpoint that silently did not happen would lose work on the next crash.
 */
final class Checkpoints {

    static final String MODEL = "model.params";
    static final String ENCODER = "encoder.params";
    static final String META = "meta.json";

    private Checkpoints() {
    }

    static void write(ArtifactStore store, String prefix, Block model, Block encoder, Map<String, Object> meta,
            JsonMapper json) throws IOException {
        store.put(prefix + MODEL, new ByteArrayInputStream(parameters(model)));
        store.put(prefix + ENCODER, new ByteArrayInputStream(parameters(encoder)));
        Map<String, Object> provenance = new LinkedHashMap<>(meta);
        provenance.put("djl", Engine.getDjlVersion());
        provenance.put("engine", Engine.getInstance().getEngineName() + " " + Engine.getInstance().getVersion());
        provenance.put("pretext", String.valueOf(Checkpoints.class.getPackage().getImplementationVersion()));
        // meta.json last: its presence says the parameters beside it are complete.
        store.put(prefix + META, new ByteArrayInputStream(json.writeValueAsBytes(provenance)));
    }

    static void load(ArtifactStore store, String key, Block block, NDManager manager) throws IOException {
        try (InputStream in = store.get(key); DataInputStream data = new DataInputStream(in)) {
            block.loadParameters(manager, data);
        } catch (MalformedModelException e) {
            throw new IOException("Checkpoint " + key + " does not fit this model: " + e.getMessage(), e);
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
