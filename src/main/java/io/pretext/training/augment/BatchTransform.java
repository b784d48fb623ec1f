package io.pretext.training.augment;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A batched, random transform from a batch as it is stored (images in [0, 1], audio clips) to
 * the network's input before standardisation. Implementations are thread-safe; every random draw
 * comes from {@code random}.
 */
@FunctionalInterface
public interface BatchTransform {

    /** Leaves the batch as it is. */
    BatchTransform IDENTITY = (manager, batch, random) -> batch;

    /** @return a new array in {@code manager} */
    NDArray apply(NDManager manager, NDArray batch, Random random);
}
