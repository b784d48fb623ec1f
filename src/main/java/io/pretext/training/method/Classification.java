package io.pretext.training.method;

import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.loss.Loss;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.data.Batch;
import io.pretext.training.data.Stream;
import io.pretext.training.encoder.StagedEncoder;
import io.pretext.training.ops.Forward;

/**
 * Supervised classification: encoder (stages of which may be frozen) and a linear head, softmax
 * cross entropy on augmented views (or the token ids as they are). Used for finetuning and for the from-scratch baseline.
 * Not thread-safe.
 */
public final class Classification extends NetworkObjective {

    private final StagedEncoder staged;
    private final Block head;
    private final InputView views;
    private final Loss crossEntropy = Loss.softmaxCrossEntropyLoss();

    public Classification(SequentialBlock encoder, Block head, InputView views) {
        this(encoder, new StagedEncoder(encoder), head, views);
    }

    private Classification(SequentialBlock encoder, StagedEncoder staged, Block head, InputView views) {
        super(encoder, new SequentialBlock().add(staged).add(head));
        this.staged = staged;
        this.head = head;
        this.views = views;
    }

    public StagedEncoder stages() {
        return staged;
    }

    public Block head() {
        return head;
    }

    /** Encoder and head, in inference mode when evaluating. */
    public Block network() {
        return network;
    }

    /** Reads {@link Stream#INPUTS} (images or token ids) and {@link Stream#LABELS}. */
    @Override
    public NDArray loss(NDManager step, Batch batch, Random random) {
        NDArray logits = Forward.training(network, step, views.view(step, batch.get(Stream.INPUTS), random));
        return crossEntropy.evaluate(new NDList(batch.get(Stream.LABELS)), new NDList(logits));
    }

    @Override
    public Map<String, Block> checkpointBlocks() {
        return Map.of(ArtifactLayout.ENCODER_BLOCK, encoder, ArtifactLayout.HEAD_BLOCK, head);
    }
}
