package io.pretext.training.encoder;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * An encoder whose leading layers can be frozen: frozen layers get no gradient and run in
 * inference mode, so their BatchNorm statistics stay exactly as loaded (what a linear probe and
 * gradual unfreezing need); optionally the trainable ones keep their statistics too
 * ({@link #fixStatistics}). Layers are the encoder's top-level children. Not thread-safe.
 */
public final class StagedEncoder extends AbstractBlock {

    private final SequentialBlock encoder;
    private int firstTrainable;
    private boolean fixedStatistics;

    public StagedEncoder(SequentialBlock encoder) {
        this.encoder = addChildBlock("encoder", encoder);
    }

    /** Number of top-level layers. */
    public int layers() {
        return encoder.getChildren().size();
    }

    /** Trains layers {@code first} and later; freezes the ones before ({@code layers()} freezes all). */
    public void trainFrom(int first) {
        firstTrainable = first;
        for (int i = 0; i < layers(); i++) {
            freeze(encoder.getChildren().get(i).getValue(), i < first);
        }
    }

    /**
     * Whether the trainable layers run in inference mode too (BatchNorm normalising with its
     * running statistics and leaving them as they are, dropout off), while their weights, BatchNorm's
     * scale and shift included, still train: how a pretrained encoder is finetuned on few labels
     * without the jump from running to batch statistics at an unfreeze, and with training computing
     * the same function inference will. Off by default (frozen layers are in inference mode either way).
     */
    public void fixStatistics(boolean fixed) {
        fixedStatistics = fixed;
    }

    /** The index where the last third of the parameterised layers begins (gradual unfreezing's last stage). */
    public int lastStage() {
        int withParameters = 0;
        for (int i = 0; i < layers(); i++) {
            withParameters += encoder.getChildren().get(i).getValue().getParameters().isEmpty() ? 0 : 1;
        }
        int keep = Math.max(1, (withParameters + 2) / 3);
        for (int i = layers() - 1; i >= 0; i--) {
            if (!encoder.getChildren().get(i).getValue().getParameters().isEmpty() && --keep == 0) {
                return i;
            }
        }
        return 0;
    }

    private static void freeze(Block block, boolean frozen) {
        for (Parameter p : block.getParameters().values()) {
            // Running statistics never take gradients, frozen or not.
            if (p.getType() != Parameter.Type.RUNNING_MEAN && p.getType() != Parameter.Type.RUNNING_VAR) {
                p.freeze(frozen);
            }
        }
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList current = inputs;
        for (int i = 0; i < layers(); i++) {
            boolean trains = training && i >= firstTrainable && !fixedStatistics;
            current = encoder.getChildren().get(i).getValue().forward(store, current, trains, params);
        }
        return current;
    }

    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        encoder.initialize(manager, dataType, inputShapes);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return encoder.getOutputShapes(inputShapes);
    }
}
