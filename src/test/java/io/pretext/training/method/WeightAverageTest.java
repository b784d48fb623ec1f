package io.pretext.training.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.pretext.training.loop.GradMode;
import io.pretext.training.ops.Forward;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WeightAverageTest {

    @BeforeEach
    void noAutogradOutsideCollectors() {
        GradMode.off();
    }

    private static Block network() {
        return new SequentialBlock().add(Linear.builder().setUnits(4).build()).add(BatchNorm.builder().build())
                .add(Linear.builder().setUnits(2).build());
    }

    @Test
    void the_decay_warms_up_to_its_set_value() {
        WeightAverage average = new WeightAverage(network(), network(), 0.999);
        assertThat(average.decay(0)).isCloseTo(0.1, within(1e-12));
        assertThat(average.decay(90)).isCloseTo(91.0 / 100, within(1e-12));
        assertThat(average.decay(100_000)).isEqualTo(0.999);
    }

    @Test
    void an_update_moves_every_weight_and_batchnorm_statistic_by_one_minus_the_decay_of_the_difference() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block online = network();
            online.initialize(manager, DataType.FLOAT32, new Shape(2, 3));
            WeightAverage average = new WeightAverage(online, network(), 0.999);
            average.initialize(manager, new Shape(2, 3));
            // Train-mode forwards move the online running statistics; perturb the weights too.
            Forward.training(online, manager, manager.randomNormal(2, 1, new Shape(8, 3), DataType.FLOAT32));
            for (Parameter p : online.getParameters().values()) {
                p.getArray().addi(manager.randomNormal(p.getArray().getShape()));
            }
            List<Parameter> o = online.getParameters().values();
            List<Parameter> a = average.block().getParameters().values();
            assertThat(o.stream().map(Parameter::getName)).contains("runningMean", "runningVar");
            float[][] onlineBefore = values(o);
            float[][] averageBefore = values(a);

            average.update(400);

            double d = average.decay(400);
            assertThat(d).isCloseTo(401.0 / 410, within(1e-12));
            float[][] after = values(a);
            for (int i = 0; i < o.size(); i++) {
                for (int j = 0; j < after[i].length; j++) {
                    double expected = d * averageBefore[i][j] + (1 - d) * onlineBefore[i][j];
                    assertThat((double) after[i][j]).as(o.get(i).getName()).isCloseTo(expected, within(1e-6));
                }
                assertThat(averageBefore[i]).as("the parameters differed").isNotEqualTo(onlineBefore[i]);
            }
            assertThat(values(o)).isDeepEqualTo(onlineBefore);
            assertThat(a).allSatisfy(p -> assertThat(p.requiresGradient()).isFalse());
        }
    }

    @Test
    void a_reset_copies_the_online_network() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Block online = network();
            online.initialize(manager, DataType.FLOAT32, new Shape(2, 3));
            WeightAverage average = new WeightAverage(online, network(), 0.99);
            average.initialize(manager, new Shape(2, 3));
            for (Parameter p : online.getParameters().values()) {
                p.getArray().addi(manager.randomNormal(p.getArray().getShape()));
            }
            average.reset();
            assertThat(values(average.block().getParameters().values()))
                    .isDeepEqualTo(values(online.getParameters().values()));
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
