package io.pretext.training.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * Single-input, single-output forward passes, the parameters used in place (no copies to other
 * devices). Whether a graph is recorded depends on the caller's gradient mode, not on these.
 * Stateless.
 */
public final class Forward {

    private Forward() {
    }

    /** Training mode: batch statistics (and updates of running ones), dropout on. */
    public static NDArray training(Block block, NDManager manager, NDArray input) {
        return block.forward(new ParameterStore(manager, false), new NDList(input), true).singletonOrThrow();
    }

    /** Inference mode: running statistics, no dropout. */
    public static NDArray inference(Block block, NDManager manager, NDArray input) {
        return block.forward(new ParameterStore(manager, false), new NDList(input), false).singletonOrThrow();
    }
}
