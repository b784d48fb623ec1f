package io.pretext.training;

import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;

/** How a classifier is composed, the same way for training and for loading. Stateless. */
final class ModelBlocks {

    private ModelBlocks() {
    }

    /** An encoder followed by a linear head; {@code block} is what checkpoints save as the model. */
    record Classifier(SequentialBlock block, Block encoder, Block head) {
    }

    static Classifier classifier(Block encoder, int classes) {
        Block head = Encoders.linearHead(classes);
        return new Classifier(new SequentialBlock().add(encoder).add(head), encoder, head);
    }
}
