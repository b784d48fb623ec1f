package io.pretext.training.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.pretext.training.FreedMemory;
import org.junit.jupiter.api.Test;

/**
 * The constant of {@link Scalars} survives a garbage collection between the forward and the backward
 * pass (DJL's {@code mul(Number)} did not: the gradient read freed memory).
 */
class ScalarsTest {

    @Test
    void times_keeps_its_factor_for_the_backward_pass_across_a_garbage_collection() {
        for (int round = 0; round < 3; round++) {
            assertThat(gradientAfterCollection(true)).containsExactly(0.5f, 0.5f, 0.5f);
        }
    }

    @Test
    void dividedBy_keeps_its_divisor_for_the_backward_pass_across_a_garbage_collection() {
        for (int round = 0; round < 3; round++) {
            assertThat(gradientAfterCollection(false)).containsExactly(0.25f, 0.25f, 0.25f);
        }
    }

    @Test
    void values_and_type_are_those_of_plain_arithmetic() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1, -2, 3});
            assertThat(Scalars.times(x, 0.5f).toFloatArray()).containsExactly(0.5f, -1f, 1.5f);
            assertThat(Scalars.dividedBy(x, 4f).toFloatArray()).containsExactly(0.25f, -0.5f, 0.75f);
            assertThat(Scalars.times(x, 2f).getDataType()).isEqualTo(x.getDataType());
            assertThat(Scalars.times(x, 2f).getManager()).isSameAs(manager);
        }
    }

    /** d(sum(x * 0.5))/dx or d(sum(x / 4))/dx, with a collection and reuse of freed memory before backward. */
    private static float[] gradientAfterCollection(boolean times) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {1, 2, 3});
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = (times ? Scalars.times(x, 0.5f) : Scalars.dividedBy(x, 4f)).sum();
                FreedMemory.collectAndReuse();
                collector.backward(y);
            }
            return x.getGradient().toFloatArray();
        }
    }
}
