package io.pretext.training.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.GradientCollector;
import io.pretext.training.OptimizerSettings;
import io.pretext.training.ops.Forward;
import org.junit.jupiter.api.Test;

class WeightDecayTest {

    @Test
    void decay_shrinks_weight_matrices_and_spares_biases_and_batch_norm() {
        try (NDManager manager = NDManager.newBaseManager()) {
            SequentialBlock model = new SequentialBlock().add(Linear.builder().setUnits(3).build())
                    .add(BatchNorm.builder().build());
            model.initialize(manager, DataType.FLOAT32, new Shape(4, 5));
            for (Parameter p : model.getParameters().values()) {
                // Non-trivial values everywhere, so that a decay of zero-initialised biases would show.
                p.getArray().addi(0.5f);
            }
            // A zero loss: every gradient is zero, so SGD moves only what weight decay moves.
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = Forward.training(model, manager, manager.randomNormal(new Shape(4, 5))).sum().mul(0);
                collector.backward(loss);
            }
            GradMode.off();
            Map<String, float[]> before = new HashMap<>();
            for (Parameter p : model.getParameters().values()) {
                before.put(p.getName(), p.getArray().toFloatArray());
            }
            Optimization optimization = new Optimization(model, new OptimizerSettings("sgd", 0.1, 0.5, 0.0),
                    new LearningRateSchedule("constant", 0.1, 1), Set.of(), 1, 0);
            optimization.step();
            for (Parameter p : model.getParameters().values()) {
                float[] was = before.get(p.getName());
                float[] now = p.getArray().toFloatArray();
                boolean decayed = p.getName().equals("weight");
                for (int i = 0; i < was.length; i++) {
                    float expected = decayed ? was[i] * (1 - 0.1f * 0.5f) : was[i];
                    assertThat(now[i]).as(p.getName()).isCloseTo(expected, within(1e-6f));
                }
            }
            assertThat(model.getParameters().values().stream().map(Parameter::getName))
                    .contains("weight", "bias", "gamma", "beta");
        }
    }
}
