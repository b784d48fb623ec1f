package io.pretext.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import io.pretext.storage.ArtifactStore;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.ModelCardJson;
import io.pretext.web.ConflictException;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a version's backbone as a zip: {@code encoder.params} (the encoder's parameters as DJL's
 * {@code Block.saveParameters} writes them), {@code card.json} (the whole model card, flat, in its
 * {@link ModelCardJson} form, a text model's transformer settings included, with the model's name
 * and version) and, for a text model, {@code tokenizer.json}. A CLIP model's backbone is its image
 * encoder, with that encoder's image card. Entries are named as the checkpoint's files
 * ({@link ArtifactLayout}). Thread-safe.
 */
@Component
class BackboneExport {

    static final String CARD = "card.json";

    private final ArtifactStore artifacts;
    private final JsonMapper json;

    BackboneExport(ArtifactStore artifacts, JsonMapper json) {
        this.artifacts = artifacts;
        this.json = json;
    }

    /**
     * Checks, before any byte is sent, that the parameters are still there.
     *
     * @throws ConflictException when the checkpoint's objects are gone
     */
    void requireAvailable(ModelVersion version) throws IOException {
        if (!artifacts.exists(version.checkpointPrefix() + ArtifactLayout.ENCODER)) {
            throw new ConflictException("Model " + version.name() + " version " + version.version()
                    + ": its checkpoint " + version.checkpointPrefix() + " no longer exists");
        }
    }

    /** Streams the zip to {@code out} (left open). */
    void write(ModelVersion version, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out);
        zip.putNextEntry(new ZipEntry(CARD));
        zip.write(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(card(version)));
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry(ArtifactLayout.ENCODER));
        try (InputStream in = artifacts.get(version.checkpointPrefix() + ArtifactLayout.ENCODER)) {
            in.transferTo(zip);
        }
        zip.closeEntry();
        if (version.card().readsText()) {
            zip.putNextEntry(new ZipEntry(ArtifactLayout.TOKENIZER));
            try (InputStream in = artifacts.get(version.checkpointPrefix() + ArtifactLayout.TOKENIZER)) {
                in.transferTo(zip);
            }
            zip.closeEntry();
        }
        zip.finish();
    }

    /** The file name a download gets, e.g. {@code fmnist-simclr-v3-backbone.zip}. */
    static String fileName(ModelVersion version) {
        return version.name().replaceAll("[^A-Za-z0-9._-]", "_") + "-v" + version.version() + "-backbone.zip";
    }

    /** The card as checkpoints and the registry hold it, after the version's identity. */
    private ObjectNode card(ModelVersion version) {
        ObjectNode out = json.createObjectNode();
        out.put("model", version.name());
        out.put("modelId", version.modelId().toString());
        out.put("version", version.version());
        // A CLIP model's backbone is its image encoder: its card says so (features, no text tower).
        out.setAll(ModelCardJson.write(version.card().imageEncoderCard()));
        out.put("parameters", ArtifactLayout.ENCODER);
        return out;
    }
}
