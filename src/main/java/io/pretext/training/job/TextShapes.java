package io.pretext.training.job;

import io.pretext.training.TransformerShape;
import io.pretext.training.text.TransformerSettings;

/** Reads a payload's {@code transformer} section into encoder settings. Stateless. */
final class TextShapes {

    private TextShapes() {
    }

    /** @param shape the payload's {@code transformer} section, every field filled in */
    static TransformerSettings settings(String name, int vocabSize, int maxLength, String pooling,
            TransformerShape shape) {
        return TransformerSettings.of(name, vocabSize, maxLength, pooling, shape.layers(), shape.width(),
                shape.heads(), shape.feedForward());
    }
}
