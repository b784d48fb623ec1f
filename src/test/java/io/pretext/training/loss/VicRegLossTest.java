package io.pretext.training.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** VICReg's three terms against values computed by hand (N = 2 images, D = 2 dimensions). */
class VicRegLossTest {

    private static final double COLLAPSED_STD = Math.sqrt(1e-4);

    @Test
    void views_that_differ_in_a_constant_dimension_pay_invariance_and_variance() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // view1 rows (1, 0), (3, 0); view2 rows (1, 2), (3, 2). Invariance: squared differences
            // 0, 4, 0, 4, mean 2. Dimension 0 has unbiased variance 2 in both views (std 1.414 > 1:
            // no hinge); dimension 1 is constant in both (std sqrt(1e-4)): hinge 1 - 0.01 in each,
            // mean over dimensions 0.495 per view, averaged over the views 0.495. Covariances: the
            // centred rows are (-1, 0), (1, 0) in both views, so the off-diagonal entries are 0.
            NDArray view1 = manager.create(new float[] {1, 0, 3, 0}, new Shape(2, 2));
            NDArray view2 = manager.create(new float[] {1, 2, 3, 2}, new Shape(2, 2));

            double loss = new VicRegLoss().evaluate(view1, view2).getFloat();

            double variance = (1 - COLLAPSED_STD) / 2;
            assertThat(loss).isCloseTo(VicRegLoss.INVARIANCE * 2 + VicRegLoss.VARIANCE * variance, within(1e-4));
        }
    }

    @Test
    void identical_views_with_correlated_dimensions_pay_only_covariance() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // Both views rows (1, 1), (3, 3): no difference, each dimension's variance 2 (no hinge).
            // Centred rows (-1, -1), (1, 1): covariance matrix [[2, 2], [2, 2]], off-diagonal squares
            // 4 + 4 = 8, divided by D = 2: 4 per view, 8 for the two.
            NDArray view = manager.create(new float[] {1, 1, 3, 3}, new Shape(2, 2));

            double loss = new VicRegLoss().evaluate(view, view.duplicate()).getFloat();

            assertThat(loss).isCloseTo(VicRegLoss.COVARIANCE * 8, within(1e-4));
        }
    }

    @Test
    void one_image_has_no_variance_to_measure() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray one = manager.create(new float[] {1, 2}, new Shape(1, 2));

            assertThatThrownBy(() -> new VicRegLoss().evaluate(one, one)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("at least 2");
        }
    }
}
