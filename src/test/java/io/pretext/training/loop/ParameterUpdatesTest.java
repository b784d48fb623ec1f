package io.pretext.training.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.Test;

class ParameterUpdatesTest {

    @Test
    void adamw_takes_the_textbook_step() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new float[] {1f, -2f});
            NDArray gradient = manager.create(new float[] {0.5f, 0.25f});
            ParameterUpdates adamw = new ParameterUpdates(ParameterUpdates.Kind.ADAMW, 0, 0.1f);
            adamw.update("w", weight, gradient, 0.01f);
            adamw.update("w", weight, gradient, 0.01f);
            // By hand: with a constant gradient the bias-corrected moments are g and g², so each step
            // moves by rate * (g / (|g| + eps) + decay * w).
            double w0 = 1;
            double w1 = -2;
            for (int t = 0; t < 2; t++) {
                w0 -= 0.01 * (0.5 / (0.5 + 1e-8) + 0.1 * w0);
                w1 -= 0.01 * (0.25 / (0.25 + 1e-8) + 0.1 * w1);
            }
            assertThat(weight.toFloatArray()).containsExactly(new float[] {(float) w0, (float) w1}, within(1e-5f));
        }
    }

    @Test
    void sgd_with_momentum_accumulates_velocity() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.create(new float[] {1f});
            NDArray gradient = manager.create(new float[] {1f});
            ParameterUpdates sgd = new ParameterUpdates(ParameterUpdates.Kind.SGD, 0.9f, 0);
            sgd.update("w", weight, gradient, 0.1f); // v = 1, w = 0.9
            sgd.update("w", weight, gradient, 0.1f); // v = 1.9, w = 0.71
            assertThat(weight.getFloat()).isCloseTo(0.71f, within(1e-6f));
        }
    }

    @Test
    void saved_state_continues_exactly_where_it_left_off() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Linear layer = Linear.builder().setUnits(3).build();
            layer.initialize(manager, DataType.FLOAT32, new Shape(1, 4));
            List<Parameter> parameters = layer.getParameters().values();
            ParameterUpdates original = new ParameterUpdates(ParameterUpdates.Kind.ADAM, 0, 0);
            NDArray[] gradients = new NDArray[parameters.size()];
            for (int i = 0; i < gradients.length; i++) {
                gradients[i] = manager.randomNormal(parameters.get(i).getArray().getShape());
                original.update(parameters.get(i).getId(), parameters.get(i).getArray(), gradients[i], 0.01f);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            original.save(parameters, new DataOutputStream(bytes));
            ParameterUpdates restored = new ParameterUpdates(ParameterUpdates.Kind.ADAM, 0, 0);
            restored.load(parameters, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), manager);

            // A different gradient than before: with a constant one Adam's step would not depend on its state.
            NDArray next = manager.randomNormal(parameters.get(0).getArray().getShape());
            NDArray a = parameters.get(0).getArray().duplicate();
            NDArray b = parameters.get(0).getArray().duplicate();
            original.update(parameters.get(0).getId(), a, next, 0.01f);
            restored.update(parameters.get(0).getId(), b, next, 0.01f);
            assertThat(b.toFloatArray()).containsExactly(a.toFloatArray(), within(0f));

            ParameterUpdates fresh = new ParameterUpdates(ParameterUpdates.Kind.ADAM, 0, 0);
            NDArray c = parameters.get(0).getArray().duplicate();
            fresh.update(parameters.get(0).getId(), c, next, 0.01f);
            assertThat(c.toFloatArray()).as("a restart without state would differ").isNotEqualTo(a.toFloatArray());
        }
    }
}
