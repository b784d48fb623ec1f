package io.pretext.inference;

import java.util.List;
import java.util.UUID;

import io.pretext.model.CheckpointKind;
import io.swagger.v3.oas.annotations.media.Schema;

/** Request and response bodies of the inference routes. Immutable records. */
final class InferenceViews {

    private InferenceViews() {
    }

    /**
     * A JSON request: base64 PNG or JPEG images (a {@code data:image/...;base64,} prefix is
     * allowed) for an image model, texts for a text model, or base64 WAV files for an audio model;
     * exactly one of the three.
     */
    @Schema(name = "InferenceInputs", description = "Base64 PNG or JPEG images, (for a text model) texts, or "
            + "(for an audio model) base64 WAV files: exactly one of the three")
    record InputsRequest(List<String> images, List<String> texts,
            @Schema(description = "Base64 WAV files (PCM 8/16/24/32-bit or 32-bit float, any rate and channels), "
                    + "for an audio model") List<String> audio) {
    }

    /**
     * One vector per image or text, in request order; unit length when {@code normalized}. Names
     * the model, version and kind of checkpoint that computed them.
     */
    @Schema(requiredProperties = {"modelId", "model", "version", "checkpointKind", "embeddingSize", "normalized",
            "embeddings"})
    record Embeddings(UUID modelId, String model, int version, CheckpointKind checkpointKind, int embeddingSize,
            boolean normalized, List<float[]> embeddings) {
    }

    /**
     * The top classes of each image or text, in request order. Names the model, version and kind
     * of checkpoint that computed them.
     */
    @Schema(requiredProperties = {"modelId", "model", "version", "checkpointKind", "predictions"})
    record Classifications(UUID modelId, String model, int version, CheckpointKind checkpointKind,
            List<Prediction> predictions) {
    }

    /** One input's most probable class and its top {@code k} classes, most probable first. */
    @Schema(requiredProperties = {"label", "probability", "top"})
    record Prediction(String label, float probability, List<Label> top) {
    }

    /** A class with its index in the model's classes and its probability. */
    @Schema(name = "ClassProbability", requiredProperties = {"label", "index", "probability"})
    record Label(String label, int index, float probability) {
    }
}
