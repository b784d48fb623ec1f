package io.pretext.training.method;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * How a batch becomes a network's input: a random (augmented) view for training and the plain
 * form for evaluation and inference. Implementations are thread-safe.
 */
public interface InputView {

    /** Token ids and other inputs that are used as they are. */
    InputView IDENTITY = new InputView() {
        @Override
        public NDArray view(NDManager manager, NDArray inputs, Random random) {
            return inputs;
        }

        @Override
        public NDArray plain(NDManager manager, NDArray inputs) {
            return inputs;
        }
    };

    /** One random view of each sample. */
    NDArray view(NDManager manager, NDArray inputs, Random random);

    /** The samples without augmentation. */
    NDArray plain(NDManager manager, NDArray inputs);
}
