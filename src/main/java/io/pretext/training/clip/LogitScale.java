package io.pretext.training.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;
import io.pretext.training.loop.GradMode;

/**
 * CLIP's learnt temperature, as a block so the optimizer and checkpoints see it: one parameter, the
 * log of the logit scale, initialised to {@code log(1 / temperature)}; the forward pass ignores its
 * input and gives the scale {@code exp(parameter)} as a one-element array. After every step the
 * parameter is clamped to [0, log 100], so logits are never scaled by more than 100 (as the paper).
 * Not thread-safe.
 */
final class LogitScale extends AbstractBlock {

    /** The largest log-scale: logits are scaled by at most 100. */
    static final float MAX = (float) Math.log(100);

    private final Parameter logScale;

    LogitScale(double initialTemperature) {
        logScale = addParameter(Parameter.builder().setName("logScale").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(1))
                .optInitializer(new ConstantInitializer((float) Math.log(1 / initialTemperature))).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new NDList(store.getValue(logScale, inputs.head().getDevice(), training).exp());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(1)};
    }

    /** Clamps the parameter in place to [0, {@link #MAX}], recording no gradient. */
    void clamp() {
        GradMode.off();
        NDArray value = logScale.getArray();
        float current = value.getFloat();
        float clamped = Math.max(0f, Math.min(MAX, current));
        if (clamped != current) {
            value.set(new float[] {clamped});
        }
    }

    /** The current scale, {@code exp(parameter)}. */
    float scale() {
        return (float) Math.exp(logScale.getArray().getFloat());
    }
}
