package io.pretext.training.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/** Single-input, single-output forward passes. Stateless. */
final class Forward {

    private Forward() {
    }

    static NDArray training(Block block, NDManager step, NDArray input) {
        return block.forward(new ParameterStore(step, false), new NDList(input), true).singletonOrThrow();
    }

    static NDArray inference(Block block, NDManager step, NDArray input) {
        return block.forward(new ParameterStore(step, false), new NDList(input), false).singletonOrThrow();
    }
}
