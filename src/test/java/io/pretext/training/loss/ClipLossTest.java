package io.pretext.training.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.pretext.training.ops.Vectors;
import org.junit.jupiter.api.Test;

/** CLIP's symmetric InfoNCE against hand-computed values, a loop reference, and its gradients. */
class ClipLossTest {

    @Test
    void two_pairs_give_the_hand_computed_loss() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Images (1,0), (0,1); texts (0.6,0.8), (1,0); scale 2: logits [[1.2, 2], [1.6, 0]].
            NDArray images = manager.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            NDArray texts = manager.create(new float[] {0.6f, 0.8f, 1, 0}, new Shape(2, 2));
            NDArray logits = ClipLoss.logits(images, texts, manager.create(new float[] {2}));

            double imageToText = (-Math.log(Math.exp(1.2) / (Math.exp(1.2) + Math.exp(2)))
                    - Math.log(1 / (Math.exp(1.6) + 1))) / 2;
            double textToImage = (-Math.log(Math.exp(1.2) / (Math.exp(1.2) + Math.exp(1.6)))
                    - Math.log(1 / (Math.exp(2) + 1))) / 2;
            assertThat(logits.toFloatArray()).containsExactly(new float[] {1.2f, 2f, 1.6f, 0f}, within(1e-6f));
            assertThat((double) ClipLoss.evaluate(logits).getFloat())
                    .isCloseTo((imageToText + textToImage) / 2, within(1e-5));
        }
    }

    @Test
    void random_batches_match_a_loop_reference() {
        Random random = new Random(5);
        int n = 4;
        int d = 3;
        float[] a = new float[n * d];
        float[] b = new float[n * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
            b[i] = (float) random.nextGaussian();
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = Vectors.l2Normalize(manager.create(a, new Shape(n, d)));
            NDArray texts = Vectors.l2Normalize(manager.create(b, new Shape(n, d)));
            float loss = ClipLoss.evaluate(ClipLoss.logits(images, texts, manager.create(new float[] {3.5f})))
                    .getFloat();

            assertThat((double) loss).isCloseTo(reference(a, b, n, d, 3.5), within(1e-5));
        }
    }

    @Test
    void the_gradient_reaches_both_sides_and_the_scale_and_matches_finite_differences() {
        Random random = new Random(9);
        int n = 3;
        int d = 4;
        float[] a = new float[n * d];
        float[] b = new float[n * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) random.nextGaussian();
            b[i] = (float) random.nextGaussian();
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = manager.create(a, new Shape(n, d));
            NDArray texts = manager.create(b, new Shape(n, d));
            NDArray logScale = manager.create(new float[] {1.5f});
            images.setRequiresGradient(true);
            texts.setRequiresGradient(true);
            logScale.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = ClipLoss.evaluate(ClipLoss.logits(Vectors.l2Normalize(images),
                        Vectors.l2Normalize(texts), logScale.exp()));
                collector.backward(loss);
            }
            double h = 1e-3;
            double numeric = (reference(a, b, n, d, Math.exp(1.5 + h)) - reference(a, b, n, d, Math.exp(1.5 - h)))
                    / (2 * h);
            assertThat((double) logScale.getGradient().getFloat()).isCloseTo(numeric, within(1e-4));
            assertThat(images.getGradient().abs().sum().getFloat()).isGreaterThan(1e-4f);
            assertThat(texts.getGradient().abs().sum().getFloat()).isGreaterThan(1e-4f);
        }
    }

    @Test
    void retrieval_accuracy_counts_each_direction_s_top_one() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Rows (images): best captions 0, 0, 2 -> 2 of 3 right. Columns (captions): best images 0, 2, 2 -> 2 of 3.
            NDArray logits = manager.create(new float[] {5, 1, 0, 4, 2, 1, 0, 3, 6}, new Shape(3, 3));

            assertThat(ClipLoss.retrievalAccuracy(logits)).containsExactly(2 / 3.0, 2 / 3.0);
        }
    }

    /** The loss written out with loops over already-unnormalised rows, independent of the NDArray form. */
    private static double reference(float[] a, float[] b, int n, int d, double scale) {
        double[][] logits = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double dot = 0;
                double na = 0;
                double nb = 0;
                for (int k = 0; k < d; k++) {
                    dot += a[i * d + k] * b[j * d + k];
                    na += a[i * d + k] * a[i * d + k];
                    nb += b[j * d + k] * b[j * d + k];
                }
                logits[i][j] = scale * dot / Math.sqrt(na) / Math.sqrt(nb);
            }
        }
        double rows = 0;
        double columns = 0;
        for (int i = 0; i < n; i++) {
            double rowSum = 0;
            double columnSum = 0;
            for (int j = 0; j < n; j++) {
                rowSum += Math.exp(logits[i][j]);
                columnSum += Math.exp(logits[j][i]);
            }
            rows += Math.log(rowSum) - logits[i][i];
            columns += Math.log(columnSum) - logits[i][i];
        }
        return (rows / n + columns / n) / 2;
    }
}
