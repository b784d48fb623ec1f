package io.pretext.training.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** NT-Xent and InfoNCE against values computed by hand (and by a plain-Java reference). */
class ContrastiveLossTest {

    @Test
    void nt_xent_of_two_orthogonal_pairs_matches_the_hand_computed_value() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Views: a=(1,0), b=(0,1); pairs (a,a) and (b,b); temperature 1.
            // Anchor a: candidates {b, a', b'} with similarities {0, 1, 0}: loss = -log(e / (e + 2)).
            NDArray v1 = manager.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            NDArray v2 = manager.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));

            float loss = new NtXentLoss(1f).evaluate(v1, v2).getFloat();

            assertThat((double) loss).isCloseTo(-Math.log(Math.E / (Math.E + 2)), within(1e-5));
        }
    }

    @Test
    void nt_xent_matches_a_plain_java_reference_on_random_inputs() {
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] a = {0.3f, -1.2f, 0.5f, 2.0f, 0.1f, -0.4f, 1.5f, 0.7f, -0.9f};
            float[] b = {0.2f, -1.0f, 0.9f, 1.7f, 0.4f, -0.1f, 1.1f, 0.2f, -1.3f};

            float loss = new NtXentLoss(0.5f).evaluate(manager.create(a, new Shape(3, 3)),
                    manager.create(b, new Shape(3, 3))).getFloat();

            assertThat((double) loss).isCloseTo(referenceNtXent(a, b, 3, 3, 0.5), within(1e-4));
        }
    }

    @Test
    void info_nce_is_low_when_the_key_matches_and_high_when_a_negative_does() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray q = manager.create(new float[] {1, 0}, new Shape(1, 2));
            NDArray queue = manager.create(new float[] {0, 1, -1, 0}, new Shape(2, 2));
            // Temperature 1: logits = [q.k, q.n1, q.n2] = [1, 0, -1] -> loss = -log(e / (e + 1 + 1/e)).
            float matching = new InfoNceLoss(1f).evaluate(q, manager.create(new float[] {2, 0}, new Shape(1, 2)),
                    queue).getFloat();
            float wrong = new InfoNceLoss(1f).evaluate(q, manager.create(new float[] {-1, 0}, new Shape(1, 2)),
                    queue).getFloat();

            assertThat((double) matching).isCloseTo(-Math.log(Math.E / (Math.E + 1 + 1 / Math.E)), within(1e-5));
            assertThat(wrong).isGreaterThan(matching);
        }
    }

    /** NT-Xent written out with loops, independent of the NDArray formulation. */
    private static double referenceNtXent(float[] a, float[] b, int n, int d, double temperature) {
        double[][] z = new double[2 * n][d];
        for (int i = 0; i < 2 * n; i++) {
            float[] source = i < n ? a : b;
            int row = i % n;
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += source[row * d + j] * source[row * d + j];
            }
            for (int j = 0; j < d; j++) {
                z[i][j] = source[row * d + j] / Math.sqrt(norm);
            }
        }
        double total = 0;
        for (int i = 0; i < 2 * n; i++) {
            int positive = i < n ? i + n : i - n;
            double denominator = 0;
            double numerator = 0;
            for (int k = 0; k < 2 * n; k++) {
                if (k == i) {
                    continue;
                }
                double s = 0;
                for (int j = 0; j < d; j++) {
                    s += z[i][j] * z[k][j];
                }
                double e = Math.exp(s / temperature);
                denominator += e;
                if (k == positive) {
                    numerator = e;
                }
            }
            total += -Math.log(numerator / denominator);
        }
        return total / (2 * n);
    }
}
