package io.pretext.training.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * Turns {@code (states, mask)} into one {@code N x width} vector per text: the mean over real
 * tokens, or the first ({@code [CLS]}) token's state. Has no parameters, so an encoder can be
 * pretrained with one pooling and finetuned with the other. Thread-safe.
 */
final class Pooling extends AbstractBlock {

    private final boolean cls;

    Pooling(String pooling) {
        this.cls = "cls".equals(pooling);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray states = inputs.get(0);
        if (cls) {
            return new NDList(states.get(new NDIndex(":, 0, :")));
        }
        NDArray mask = inputs.get(1).expandDims(2);
        return new NDList(states.mul(mask).sum(new int[] {1}).div(mask.sum(new int[] {1}).maximum(1f)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape states = inputShapes[0];
        return new Shape[] {new Shape(states.get(0), states.get(2))};
    }
}
