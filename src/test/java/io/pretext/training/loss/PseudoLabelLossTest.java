package io.pretext.training.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.pretext.training.loop.GradMode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PseudoLabelLossTest {

    // Three images, three classes. Image 0: confident of class 2; image 1: not confident; image 2:
    // confident of class 0.
    private static final float[] WEAK = {0, 1, 8, 1, 1.2f, 0.9f, 6, 0, 1};
    private static final float[] STRONG = {0.5f, -1, 2, 0, 1, 3, 1, 2, -0.5f};

    @BeforeEach
    void noAutogradOutsideCollectors() {
        GradMode.off();
    }

    @Test
    void the_loss_is_the_masked_cross_entropy_averaged_over_all_unlabeled_images() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PseudoLabelLoss.Result result = new PseudoLabelLoss(0.95).evaluate(
                    manager.create(WEAK, new Shape(3, 3)), manager.create(STRONG, new Shape(3, 3)));

            double expected = (crossEntropy(STRONG, 0, 2) + 0 + crossEntropy(STRONG, 2, 0)) / 3;
            assertThat((double) result.loss().getFloat()).isCloseTo(expected, within(1e-5));
            assertThat(confidence(WEAK, 0)).isGreaterThan(0.95);
            assertThat(confidence(WEAK, 1)).isLessThan(0.95);
            assertThat(confidence(WEAK, 2)).isGreaterThan(0.95);
            assertThat(result.mask().toFloatArray()).containsExactly(1f, 0f, 1f);
            assertThat(result.maskRate()).isCloseTo(2.0 / 3, within(1e-6));
            assertThat(result.pseudoLabels().toLongArray()).containsExactly(2L, 1L, 0L);
            // True classes 2, 1, 1: of the two confident pseudo-labels one is right.
            assertThat(result.accuracy(manager.create(new float[] {2, 1, 1}))).isCloseTo(0.5, within(1e-6));
        }
    }

    @Test
    void nothing_confident_gives_zero_loss_and_an_undefined_accuracy() {
        try (NDManager manager = NDManager.newBaseManager()) {
            PseudoLabelLoss.Result result = new PseudoLabelLoss(1.0).evaluate(
                    manager.create(WEAK, new Shape(3, 3)), manager.create(STRONG, new Shape(3, 3)));
            assertThat(result.loss().getFloat()).isZero();
            assertThat(result.maskRate()).isZero();
            assertThat(result.accuracy(manager.create(new float[] {2, 1, 0}))).isNaN();
        }
    }

    @Test
    void no_gradient_flows_into_the_weak_logits_of_a_shared_forward_pass() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // One output for weak and strong views together, as FixMatch's single forward pass.
            float[] both = new float[18];
            System.arraycopy(WEAK, 0, both, 0, 9);
            System.arraycopy(STRONG, 0, both, 9, 9);
            NDArray logits = manager.create(both, new Shape(6, 3));
            logits.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray scaled = logits.mul(2).div(2);
                NDArray loss = new PseudoLabelLoss(0.95).evaluate(scaled.get("0:3"), scaled.get("3:6")).loss();
                collector.backward(loss);
            }
            float[] gradient = logits.getGradient().toFloatArray();
            for (int i = 0; i < 9; i++) {
                assertThat(gradient[i]).as("weak logit %d", i).isZero();
            }
            // The strong logits get (softmax − onehot(pseudo-label)) / μB on the confident rows only.
            double[] softmax = softmax(STRONG, 0);
            for (int k = 0; k < 3; k++) {
                assertThat((double) gradient[9 + k]).isCloseTo((softmax[k] - (k == 2 ? 1 : 0)) / 3, within(1e-5));
                assertThat(gradient[12 + k]).isZero();
            }
        }
    }

    private static double[] softmax(float[] logits, int row) {
        double[] p = new double[3];
        double sum = 0;
        for (int k = 0; k < 3; k++) {
            p[k] = Math.exp(logits[row * 3 + k]);
            sum += p[k];
        }
        for (int k = 0; k < 3; k++) {
            p[k] /= sum;
        }
        return p;
    }

    private static double crossEntropy(float[] logits, int row, int label) {
        return -Math.log(softmax(logits, row)[label]);
    }

    private static double confidence(float[] logits, int row) {
        double[] p = softmax(logits, row);
        return Math.max(p[0], Math.max(p[1], p[2]));
    }
}
