package io.pretext.training.method;

import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.data.Batch;
import io.pretext.training.data.Stream;
import io.pretext.training.text.DynamicMasking;

/**
 * Masked language modelling (BERT without next-sentence prediction, with RoBERTa's dynamic
 * masking): the encoder's token states, before pooling, go through a Linear-GELU-Linear head to
 * vocabulary logits at the masked positions only, scored by softmax cross entropy against the
 * original tokens. Not thread-safe.
 */
public final class MaskedLanguageModel extends NetworkObjective {

    private final SequentialBlock layers;
    private final Block head;
    private final int vocabSize;
    private final double maskRate;
    private final Loss crossEntropy = Loss.softmaxCrossEntropyLoss();

    /**
     * @param encoder from {@code TextEncoders.encoder}
     * @param maskRate the fraction of tokens to predict (0.15 in BERT and RoBERTa)
     */
    public MaskedLanguageModel(SequentialBlock encoder, int width, int vocabSize, double maskRate) {
        this(encoder, new SequentialBlock().add(Linear.builder().setUnits(width).build()).add(Activation::gelu)
                .add(Linear.builder().setUnits(vocabSize).build()), vocabSize, maskRate);
    }

    private MaskedLanguageModel(SequentialBlock encoder, Block head, int vocabSize, double maskRate) {
        // The network holds both for the optimizer and initialisation; its own forward is never used.
        super(encoder, new SequentialBlock().add(encoder).add(head));
        this.layers = encoder;
        this.head = head;
        this.vocabSize = vocabSize;
        this.maskRate = maskRate;
    }

    /** Reads {@link Stream#TOKENS}: {@code N x L} int64 token ids. */
    @Override
    public NDArray loss(NDManager step, Batch batch, Random random) {
        return maskedLoss(step, batch.get(Stream.TOKENS), random, true);
    }

    /**
     * The mean cross entropy of predicting the tokens a random masking hides, in training mode
     * (dropout on) or not; 0 when no text of the batch has a real token to hide.
     */
    public NDArray maskedLoss(NDManager step, NDArray tokens, Random random, boolean training) {
        Shape shape = tokens.getShape();
        DynamicMasking.Masked masked = DynamicMasking.mask(tokens.toLongArray(), vocabSize, maskRate, random);
        NDList states = new NDList(step.create(masked.inputs(), shape));
        ParameterStore store = new ParameterStore(step, false);
        BlockList children = layers.getChildren();
        for (int i = 0; i < children.size() - 1; i++) { // all but the pooling
            states = children.get(i).getValue().forward(store, states, training);
        }
        NDArray flat = states.get(0).reshape(shape.get(0) * shape.get(1), -1);
        // Gathering the chosen rows first keeps the vocabulary-wide layer to ~15% of the tokens.
        NDArray chosen = Embedding.embedding(step.create(masked.positions()), flat, SparseFormat.DENSE)
                .singletonOrThrow();
        NDArray logits = head.forward(store, new NDList(chosen), training).singletonOrThrow();
        if (masked.positions().length == 0) {
            // Nothing to predict (texts without a real token): the mean of no losses would be NaN.
            // Zero, still joined to the graph, so the backward pass works and changes nothing.
            return logits.sum();
        }
        NDArray targets = step.create(masked.targets()).toType(DataType.FLOAT32, false);
        return crossEntropy.evaluate(new NDList(targets), new NDList(logits));
    }

    @Override
    public Map<String, Block> checkpointBlocks() {
        return Map.of(ArtifactLayout.ENCODER_BLOCK, encoder, "mlmHead", head);
    }
}
