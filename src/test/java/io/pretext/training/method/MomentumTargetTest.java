package io.pretext.training.method;

import io.pretext.training.ops.Forward;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import io.pretext.training.loop.GradMode;
import org.junit.jupiter.api.Test;

class MomentumTargetTest {

    @org.junit.jupiter.api.BeforeEach
    void noAutogradOutsideCollectors() {
        io.pretext.training.loop.GradMode.off(); // the test perturbs parameters in place
    }

    private static Block network() {
        return new SequentialBlock().add(Linear.builder().setUnits(4).build()).add(Linear.builder().setUnits(2).build());
    }

    @Test
    void an_update_moves_the_target_by_exactly_one_minus_m_times_the_difference() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block online = network();
            online.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
            MomentumTarget target = new MomentumTarget(online, network());
            target.initialize(manager, new Shape(1, 3));
            // Make online and target differ, as after some training.
            for (Parameter p : online.getParameters().values()) {
                p.getArray().addi(manager.randomNormal(p.getArray().getShape()));
            }
            List<Parameter> o = online.getParameters().values();
            List<Parameter> t = target.block().getParameters().values();
            float[][] onlineBefore = values(o);
            float[][] targetBefore = values(t);

            target.update(0.9);

            float[][] targetAfter = values(t);
            for (int i = 0; i < o.size(); i++) {
                for (int j = 0; j < targetAfter[i].length; j++) {
                    double expected = targetBefore[i][j] + 0.1 * (onlineBefore[i][j] - targetBefore[i][j]);
                    assertThat((double) targetAfter[i][j]).isCloseTo(expected, within(1e-6));
                }
            }
            assertThat(values(o)).isDeepEqualTo(onlineBefore);
        }
    }

    @Test
    void no_gradient_reaches_the_target() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block online = network();
            online.initialize(manager, DataType.FLOAT32, new Shape(1, 3));
            MomentumTarget target = new MomentumTarget(online, network());
            target.initialize(manager, new Shape(1, 3));
            for (Parameter p : online.getParameters().values()) {
                p.getArray().addi(manager.randomNormal(p.getArray().getShape()));
            }
            NDArray input = manager.randomNormal(new Shape(5, 3));
            try (NDManager step = manager.newSubManager();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = Forward.training(online, step, input).sub(target.forward(step, input)).square().sum();
                collector.backward(loss);
            }
            assertThat(target.block().getParameters().values())
                    .allSatisfy(p -> assertThat(p.requiresGradient()).isFalse())
                    .allSatisfy(p -> assertThat(p.getArray().hasGradient()).isFalse());
            assertThat(online.getParameters().values())
                    .allSatisfy(p -> assertThat(p.getArray().getGradient().abs().sum().getFloat()).isPositive());
        }
    }

    private static float[][] values(List<Parameter> parameters) {
        float[][] values = new float[parameters.size()][];
        for (int i = 0; i < values.length; i++) {
            values[i] = parameters.get(i).getArray().toFloatArray();
        }
        return values;
    }
}
