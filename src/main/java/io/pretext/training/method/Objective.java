package io.pretext.training.method;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import io.pretext.training.data.Batch;

/**
 * What one training step minimises: a pretext task (SimCLR, MoCo, BYOL, rotation) or supervised
 * classification, each a composition of encoder, head(s), loss and view transform. The training
 * loop calls {@link #loss} inside a gradient collector, updates every parameter of
 * {@link #trainable()} that requires a gradient, then calls {@link #afterStep}. Not thread-safe.
 */
public interface Objective {

    /** The encoder being learned (what finetuning and inference reuse). */
    Block encoder();

    /** Every block whose parameters the optimizer updates; the encoder is part of it. */
    Block trainable();

    /** Initialises all blocks (and any momentum targets or queues) for inputs of {@code input} shape. */
    void initialize(NDManager manager, Shape input);

    /**
     * The scalar loss of one batch. Each objective reads the streams it needs (images in [0, 1], from
     * which it draws and normalises views; labels; token ids) and ignores the others.
     *
     * @param step the step's manager, where the loss and everything it derives from live
     * @param random the step's source of randomness (views, rotations, masks)
     */
    NDArray loss(NDManager step, Batch batch, Random random);

    /**
     * Called after each optimizer step, outside the gradient collector.
     *
     * @param progress the fraction of all training steps done, in [0, 1]
     */
    default void afterStep(double progress) {
    }

    /**
     * The blocks a checkpoint holds, by file name stem: always {@code encoder}, plus whatever else
     * resuming needs ({@code head}, {@code target}, ...).
     */
    Map<String, Block> checkpointBlocks();

    /**
     * State beyond the parameters of {@link #checkpointBlocks()} that continuing exactly after a
     * resume needs (MoCo's queue of keys), as bytes for the checkpoint; null when the method has none
     * (momentum targets and weight averages are blocks, so they are parameters).
     */
    default byte[] methodState() throws IOException {
        return null;
    }

    /** Restores what {@link #methodState()} wrote, into an initialised objective. */
    default void restoreMethodState(InputStream in, NDManager manager) throws IOException {
    }
}
