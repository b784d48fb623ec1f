package io.pretext.training;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/** Encoder and head blocks by the names specs use. Stateless. */
final class Encoders {

    private Encoders() {
    }

    /**
     * An encoder mapping {@code N x C x H x W} images to {@code N x features}.
     *
     * @throws UnsupportedOperationException for encoders that are not built yet
     */
    static Block encoder(String name) {
        if (!"cnn-small".equals(name)) {
            throw new UnsupportedOperationException("encoder " + name + " is not available yet; use cnn-small");
        }
        // Three conv stages (32, 64, 128 filters) and global average pooling: 128 features, fast on CPU.
        SequentialBlock block = new SequentialBlock();
        for (int filters : new int[] {32, 64, 128}) {
            block.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                            .setFilters(filters).build())
                    .add(BatchNorm.builder().build())
                    .add(Activation::relu);
            if (filters < 128) {
                block.add(Pool.maxPool2dBlock(new Shape(2, 2)));
            }
        }
        return block.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
    }

    /** A linear classification head with {@code outputs} logits. */
    static Block linearHead(int outputs) {
        return Linear.builder().setUnits(outputs).build();
    }
}
