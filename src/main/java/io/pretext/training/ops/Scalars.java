package io.pretext.training.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multiplying or dividing by a constant inside a graph autograd records. Use these instead of
 * DJL's {@code NDArray.mul(Number)} and {@code div(Number)} on any array a gradient flows through.
 * <p>
 * Why: on PyTorch, DJL wraps the number in a 0-d array whose memory is a Java direct buffer
 * ({@code from_blob}) and closes that array as soon as the op returns. Autograd keeps the constant
 * for the backward pass (the gradient of {@code x * c} is {@code c}), but nothing on the Java side
 * keeps the buffer: a garbage collection between the forward and the backward pass frees it, and the
 * backward pass multiplies by whatever the allocator has written there since. That was issue 18's
 * intermittent NaN of short MLM runs (the attention's {@code 1/sqrt(d)} scale). Here the constant
 * is a native tensor ({@code full}), which autograd's reference keeps alive on its own. The ops
 * that do not save the constant ({@code add}, {@code sub}, comparisons) and arrays no gradient flows
 * through are safe with DJL's own. Stateless, thread-safe.
 */
public final class Scalars {

    private Scalars() {
    }

    /** {@code x * factor}, in {@code x}'s manager and type. */
    public static NDArray times(NDArray x, float factor) {
        try (NDArray constant = constant(x, factor)) {
            return x.mul(constant);
        }
    }

    /** {@code x / divisor}, in {@code x}'s manager and type. */
    public static NDArray dividedBy(NDArray x, float divisor) {
        try (NDArray constant = constant(x, divisor)) {
            return x.div(constant);
        }
    }

    private static NDArray constant(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType());
    }
}
