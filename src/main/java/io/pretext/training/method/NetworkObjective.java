package io.pretext.training.method;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

/** What every objective shares: an encoder inside the trainable network the optimizer updates. */
abstract class NetworkObjective implements Objective {

    protected final Block encoder;
    protected final SequentialBlock network;

    NetworkObjective(Block encoder, SequentialBlock network) {
        this.encoder = encoder;
        this.network = network;
    }

    @Override
    public Block encoder() {
        return encoder;
    }

    @Override
    public Block trainable() {
        return network;
    }

    @Override
    public void initialize(NDManager manager, Shape input) {
        network.initialize(manager, DataType.FLOAT32, input);
    }
}
