package io.pretext.training.eval;

import java.util.Random;

/**
 * Exact t-SNE (van der Maaten and Hinton 2008) for a few thousand points: Gaussian affinities with
 * a per-point bandwidth found by binary search on the perplexity, Student-t similarities in 2-D,
 * gradient descent with momentum and early exaggeration. O(n²) memory and time per iteration, so
 * callers sample (1,000 points take about a second). Deterministic for a seed. Stateless.
 */
public final class Tsne {

    private static final int ITERATIONS = 500;
    private static final int EXAGGERATION_UNTIL = 100;
    private static final double EXAGGERATION = 12;
    private static final double LEARNING_RATE = 200;

    private Tsne() {
    }

    /**
     * @param points n vectors of equal length
     * @return n 2-D coordinates
     */
    public static double[][] embed(float[][] points, double perplexity, long seed) {
        int n = points.length;
        double[] p = affinities(points, Math.min(perplexity, (n - 1) / 3.0));
        Random random = new Random(seed);
        double[][] y = new double[n][2];
        for (double[] row : y) {
            row[0] = random.nextGaussian() * 1e-4;
            row[1] = random.nextGaussian() * 1e-4;
        }
        double[][] velocity = new double[n][2];
        double[] q = new double[n * n];
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            double exaggeration = iteration < EXAGGERATION_UNTIL ? EXAGGERATION : 1;
            double momentum = iteration < EXAGGERATION_UNTIL ? 0.5 : 0.8;
            double sum = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double dx = y[i][0] - y[j][0];
                    double dy = y[i][1] - y[j][1];
                    double v = 1 / (1 + dx * dx + dy * dy);
                    q[i * n + j] = v;
                    q[j * n + i] = v;
                    sum += 2 * v;
                }
            }
            for (int i = 0; i < n; i++) {
                double gx = 0;
                double gy = 0;
                for (int j = 0; j < n; j++) {
                    if (i != j) {
                        double v = q[i * n + j];
                        double force = (exaggeration * p[i * n + j] - v / sum) * v;
                        gx += force * (y[i][0] - y[j][0]);
                        gy += force * (y[i][1] - y[j][1]);
                    }
                }
                velocity[i][0] = momentum * velocity[i][0] - LEARNING_RATE * 4 * gx;
                velocity[i][1] = momentum * velocity[i][1] - LEARNING_RATE * 4 * gy;
            }
            for (int i = 0; i < n; i++) {
                y[i][0] += velocity[i][0];
                y[i][1] += velocity[i][1];
            }
        }
        return y;
    }

    /** Symmetric joint probabilities p_ij, each row's bandwidth matching the perplexity. */
    private static double[] affinities(float[][] points, double perplexity) {
        int n = points.length;
        double[] distances = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double d = 0;
                for (int k = 0; k < points[i].length; k++) {
                    double diff = points[i][k] - points[j][k];
                    d += diff * diff;
                }
                distances[i * n + j] = d;
                distances[j * n + i] = d;
            }
        }
        double target = Math.log(perplexity);
        double[] conditional = new double[n * n];
        for (int i = 0; i < n; i++) {
            double low = 0;
            double high = Double.POSITIVE_INFINITY;
            double beta = 1;
            for (int attempt = 0; attempt < 50; attempt++) {
                double sum = 0;
                double weighted = 0;
                for (int j = 0; j < n; j++) {
                    if (j != i) {
                        double w = Math.exp(-beta * distances[i * n + j]);
                        conditional[i * n + j] = w;
                        sum += w;
                        weighted += w * distances[i * n + j];
                    }
                }
                sum = Math.max(sum, 1e-300);
                double entropy = Math.log(sum) + beta * weighted / sum;
                for (int j = 0; j < n; j++) {
                    conditional[i * n + j] /= sum;
                }
                if (Math.abs(entropy - target) < 1e-5) {
                    break;
                }
                if (entropy > target) {
                    low = beta;
                    beta = high == Double.POSITIVE_INFINITY ? beta * 2 : (beta + high) / 2;
                } else {
                    high = beta;
                    beta = (beta + low) / 2;
                }
            }
        }
        double[] joint = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                joint[i * n + j] = Math.max((conditional[i * n + j] + conditional[j * n + i]) / (2.0 * n), 1e-12);
            }
        }
        return joint;
    }
}
