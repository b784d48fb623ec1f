package io.pretext.training.job;

import io.pretext.training.text.TransformerSettings;
import tools.jackson.databind.JsonNode;

/** Reads a spec's {@code transformer} section into encoder settings. Stateless. */
final class TextShapes {

    private TextShapes() {
    }

    /** @param shape the spec's {@code transformer} object; missing fields keep the preset's */
    static TransformerSettings settings(String name, int vocabSize, int maxLength, String pooling, JsonNode shape) {
        return TransformerSettings.of(name, vocabSize, maxLength, pooling, field(shape, "layers"),
                field(shape, "width"), field(shape, "heads"), field(shape, "feedForward"));
    }

    private static Integer field(JsonNode shape, String name) {
        return shape.hasNonNull(name) ? shape.get(name).asInt() : null;
    }
}
