package io.pretext.training.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The LayerNorm a pre-LN transformer applies after its last block, on {@code (states, mask)}.
 * Not thread-safe.
 */
final class FinalNorm extends AbstractBlock {

    private final int width;
    private final Parameter gamma;
    private final Parameter beta;

    FinalNorm(int width) {
        this.width = width;
        this.gamma = addParameter(Parameter.builder().setName("gamma").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(width)).build());
        this.beta = addParameter(Parameter.builder().setName("beta").setType(Parameter.Type.BETA)
                .optShape(new Shape(width)).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray normed = LayerNorm.layerNorm(x, new Shape(width), store.getValue(gamma, x.getDevice(), training),
                store.getValue(beta, x.getDevice(), training), 1e-5f).singletonOrThrow();
        return new NDList(normed, inputs.get(1));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
