package io.pretext.training.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import org.junit.jupiter.api.Test;

class TsneTest {

    @Test
    void separated_clusters_stay_separated_in_two_dimensions() {
        Random random = new Random(1);
        float[][] points = new float[120][10];
        for (int i = 0; i < points.length; i++) {
            int cluster = i % 3;
            for (int k = 0; k < 10; k++) {
                points[i][k] = (float) ((k == cluster ? 5 : 0) + random.nextGaussian() * 0.3);
            }
        }
        double[][] y = Tsne.embed(points, 20, 7);
        double within = 0;
        double between = 0;
        int withinCount = 0;
        int betweenCount = 0;
        for (int i = 0; i < y.length; i++) {
            for (int j = i + 1; j < y.length; j++) {
                double d = Math.hypot(y[i][0] - y[j][0], y[i][1] - y[j][1]);
                if (i % 3 == j % 3) {
                    within += d;
                    withinCount++;
                } else {
                    between += d;
                    betweenCount++;
                }
            }
        }
        assertThat(between / betweenCount).isGreaterThan(3 * within / withinCount);
        assertThat(Tsne.embed(points, 20, 7)).isDeepEqualTo(y);
    }
}
