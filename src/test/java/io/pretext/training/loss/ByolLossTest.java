package io.pretext.training.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

/** BYOL's symmetric loss against values computed by hand. */
class ByolLossTest {

    @Test
    void the_symmetric_loss_of_one_image_matches_the_hand_computed_value() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // N = 1. Predictions p1 = (1, 0), p2 = (0, 2); targets z1 = (1, 1), z2 = (3, 0).
            // p1 aims at z2: cos = 1, loss 0. p2 aims at z1: cos = 1/sqrt(2), loss 2 - sqrt(2).
            NDArray predictions = manager.create(new float[] {1, 0, 0, 2}, new Shape(2, 2));
            NDArray targets = manager.create(new float[] {1, 1, 3, 0}, new Shape(2, 2));

            float loss = new ByolLoss().evaluate(predictions, targets).getFloat();

            assertThat((double) loss).isCloseTo(0 + (2 - Math.sqrt(2)), within(1e-6));
        }
    }

    @Test
    void the_loss_sums_the_mean_of_each_direction_over_two_images() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // N = 2, rows: p1a, p1b, p2a, p2b and z1a, z1b, z2a, z2b.
            // p1a=(1,0)->z2a=(0,1): cos 0, loss 2.   p1b=(1,0)->z2b=(1,0): cos 1, loss 0.
            // p2a=(0,1)->z1a=(0,-1): cos -1, loss 4. p2b=(1,1)->z1b=(1,0): cos 1/sqrt(2), loss 2 - sqrt(2).
            NDArray predictions = manager.create(new float[] {1, 0, 1, 0, 0, 1, 1, 1}, new Shape(4, 2));
            NDArray targets = manager.create(new float[] {0, -1, 1, 0, 0, 1, 1, 0}, new Shape(4, 2));

            float loss = new ByolLoss().evaluate(predictions, targets).getFloat();

            double expected = (2 + 0) / 2.0 + (4 + 2 - Math.sqrt(2)) / 2.0;
            assertThat((double) loss).isCloseTo(expected, within(1e-6));
        }
    }

    @Test
    void no_gradient_reaches_the_targets_and_aligned_views_cost_nothing() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray predictions = manager.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
            NDArray targets = manager.create(new float[] {3, 4, 1, 2}, new Shape(2, 2)).mul(5);
            predictions.setRequiresGradient(true);
            targets.setRequiresGradient(true);
            float loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = new ByolLoss().evaluate(predictions, targets);
                collector.backward(value);
                loss = value.getFloat();
            }

            assertThat((double) loss).isCloseTo(0, within(1e-6));
            assertThat(targets.getGradient().abs().sum().getFloat()).isZero();
        }
    }
}
