package io.pretext.training.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import io.pretext.training.ops.Forward;
import io.pretext.training.ops.Vectors;

/**
 * One side of CLIP: an encoder, then a linear projection without bias (as CLIP) to the shared
 * width, L2-normalised. A locked encoder (LiT) runs in inference mode (running BatchNorm statistics,
 * no dropout) with its parameters frozen and its output detached, so it changes in no way; the
 * projection always learns. Not thread-safe.
 */
final class Tower {

    private final Block encoder;
    private final Block projection;
    private boolean locked;

    Tower(Block encoder, int width) {
        this.encoder = encoder;
        this.projection = Linear.builder().setUnits(width).optBias(false).build();
    }

    /** Initialises encoder and projection for inputs of {@code input} shape (the batch size at least 2). */
    void initialize(NDManager manager, Shape input) {
        encoder.initialize(manager, DataType.FLOAT32, input);
        projection.initialize(manager, DataType.FLOAT32, encoder.getOutputShapes(new Shape[] {input})[0]);
    }

    /** Freezes the encoder's parameters for good and keeps it in inference mode. */
    void lock() {
        encoder.freezeParameters(true);
        locked = true;
    }

    boolean locked() {
        return locked;
    }

    /** The {@code N x width} unit-length embeddings of {@code input}, in training mode or not. */
    NDArray embed(NDManager manager, NDArray input, boolean training) {
        NDArray features = training && !locked ? Forward.training(encoder, manager, input)
                : Forward.inference(encoder, manager, input);
        if (locked) {
            features = features.stopGradient();
        }
        NDArray projected = training ? Forward.training(projection, manager, features)
                : Forward.inference(projection, manager, features);
        return Vectors.l2Normalize(projected);
    }

    Block encoder() {
        return encoder;
    }

    Block projection() {
        return projection;
    }
}
