package io.pretext.training.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.pretext.training.method.Views;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RandAugmentTest {

    /** Random 8-bit images (values k/255), as decoded datasets hold. */
    private static NDArray images(NDManager manager, int n, int channels, int size, long seed) {
        Random random = new Random(seed);
        float[] values = new float[n * channels * size * size];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(256) / 255f;
        }
        return manager.create(values, new Shape(n, channels, size, size));
    }

    private static NDArray round(NDManager manager, NDArray images, RandAugmentOp op, float magnitude) {
        int n = (int) images.getShape().get(0);
        RandAugmentOp[] ops = new RandAugmentOp[n];
        float[] magnitudes = new float[n];
        Arrays.fill(ops, op);
        Arrays.fill(magnitudes, magnitude);
        return RandAugment.apply(manager, images, ops, magnitudes);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void every_operation_keeps_the_shape_and_the_values_in_0_1_at_any_magnitude(int channels) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = images(manager, 6, channels, 12, channels);
            for (RandAugmentOp op : RandAugmentOp.pool(channels)) {
                for (float magnitude : new float[] {-1f, -0.4f, 0.3f, 1f}) {
                    NDArray out = round(manager, images, op, magnitude);
                    assertThat(out.getShape()).as(op.name()).isEqualTo(images.getShape());
                    assertThat(out.min().getFloat()).as(op.name()).isGreaterThanOrEqualTo(0f);
                    assertThat(out.max().getFloat()).as(op.name()).isLessThanOrEqualTo(1f);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void every_operation_with_a_magnitude_is_the_identity_at_magnitude_zero(int channels) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = images(manager, 4, channels, 10, 11);
            for (RandAugmentOp op : RandAugmentOp.pool(channels)) {
                if (op == RandAugmentOp.AUTOCONTRAST || op == RandAugmentOp.EQUALIZE) {
                    continue; // no magnitude
                }
                NDArray out = round(manager, images, op, 0f);
                assertThat(out.toFloatArray()).as(op.name()).containsExactly(images.toFloatArray(), within(1e-6f));
            }
        }
    }

    @Test
    void the_colour_operation_is_only_drawn_for_three_channels() {
        assertThat(RandAugmentOp.pool(1)).doesNotContain(RandAugmentOp.COLOR).hasSize(13);
        assertThat(RandAugmentOp.pool(3)).contains(RandAugmentOp.COLOR).hasSize(14);
    }

    @Test
    void solarize_inverts_exactly_the_values_above_the_threshold() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray pixels = manager.create(new float[] {0.2f, 0.5f, 0.6f, 0.9f}, new Shape(1, 1, 2, 2));
            NDArray out = RandAugmentOps.solarize(pixels, manager.create(new float[] {0.5f}, new Shape(1, 1, 1, 1)));
            assertThat(out.toFloatArray()).containsExactly(new float[] {0.2f, 0.5f, 0.4f, 0.1f}, within(1e-6f));
            // Magnitude 0.5 is threshold 0.5.
            assertThat(RandAugment.parameter(RandAugmentOp.SOLARIZE, 0.5f)).isEqualTo(0.5f);
        }
    }

    @Test
    void posterize_keeps_the_highest_bits_of_each_8_bit_value() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // 200 = 0b11001000, 77 = 0b01001101, 255, 0.
            NDArray pixels = manager.create(new float[] {200 / 255f, 77 / 255f, 1f, 0f}, new Shape(1, 1, 2, 2));
            int[][] expected = {{200, 77, 255, 0}, {192, 64, 240, 0}, {192, 64, 224, 0}, {128, 0, 128, 0}};
            int[] bits = {8, 4, 3, 1};
            for (int b = 0; b < bits.length; b++) {
                NDArray out = RandAugmentOps.posterize(pixels,
                        manager.create(new float[] {bits[b]}, new Shape(1, 1, 1, 1)));
                float[] values = out.toFloatArray();
                for (int i = 0; i < values.length; i++) {
                    assertThat(values[i] * 255).as("bits %d pixel %d", bits[b], i).isCloseTo(expected[b][i],
                            within(1e-3f));
                }
            }
            assertThat(RandAugment.parameter(RandAugmentOp.POSTERIZE, 1f)).isEqualTo(4f);
        }
    }

    @Test
    void autocontrast_stretches_each_channel_to_0_1_and_leaves_a_flat_one() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray pixels = manager.create(new float[] {0.2f, 0.3f, 0.4f, 0.6f, 0.5f, 0.5f, 0.5f, 0.5f},
                    new Shape(2, 1, 2, 2));
            NDArray out = RandAugmentOps.autocontrast(pixels);
            assertThat(out.toFloatArray()).containsExactly(new float[] {0f, 0.25f, 0.5f, 1f, 0.5f, 0.5f, 0.5f, 0.5f},
                    within(1e-6f));
        }
    }

    @Test
    void equalize_keeps_the_order_of_values_and_stretches_them_to_about_0_1() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = images(manager, 1, 1, 16, 3).mul(0.5f).add(0.2f);
            float[] before = images.toFloatArray();
            float[] after = RandAugmentOps.equalize(manager, images).toFloatArray();
            for (int i = 0; i < before.length; i++) {
                for (int j = 0; j < before.length; j++) {
                    if (before[i] < before[j]) {
                        assertThat(after[i]).isLessThanOrEqualTo(after[j]);
                    }
                }
            }
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float v : after) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            // The input spans [0.2, 0.7]; equalised, [about 0, about 1] (the bins blur the ends).
            assertThat(min).isBetween(0f, 0.1f);
            assertThat(max).isBetween(0.9f, 1f);
        }
    }

    @Test
    void a_translation_by_whole_pixels_shifts_columns_and_fills_with_gray() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = images(manager, 1, 1, 6, 4);
            NDArray out = RandAugmentGeometry.shearRows(manager, images, new float[] {0}, new float[] {2});
            float[] in = images.toFloatArray();
            float[] shifted = out.toFloatArray();
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 6; x++) {
                    float expected = x + 2 < 6 ? in[y * 6 + x + 2] : 0.5f;
                    assertThat(shifted[y * 6 + x]).isCloseTo(expected, within(1e-6f));
                }
            }
        }
    }

    @Test
    void a_rotation_moves_an_off_centre_dot_by_about_30_degrees() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // A dot right of the centre of a 15x15 image ends up above or below the centre row at ±30°.
            float[] dot = new float[15 * 15];
            dot[7 * 15 + 12] = 1f;
            NDArray image = manager.create(dot, new Shape(1, 1, 15, 15));
            NDArray out = round(manager, image, RandAugmentOp.ROTATE, 1f);
            float[] values = out.toFloatArray();
            int brightest = 7 * 15 + 7;
            for (int i = 0; i < values.length; i++) {
                int dy = i / 15 - 7;
                int dx = i % 15 - 7;
                // Within the disc that stays inside the image: the corners are filled with gray.
                if (dy * dy + dx * dx <= 36 && values[i] > values[brightest]) {
                    brightest = i;
                }
            }
            int row = brightest / 15;
            int column = brightest % 15;
            // 5 px from the centre at 30°: about 2.5 rows away, 4.3 columns right.
            assertThat(Math.abs(row - 7)).isBetween(2, 3);
            assertThat(column - 7).isBetween(4, 5);
        }
    }

    @Test
    void cutout_sets_exactly_its_clipped_square_to_gray() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray zeros = manager.zeros(new Shape(2, 3, 8, 8));
            NDArray out = Cutout.apply(manager, zeros, new float[] {2, -2}, new float[] {3, -2}, 4);
            float[] values = out.toFloatArray();
            int[] grayCount = new int[2];
            for (int i = 0; i < 2; i++) {
                for (int c = 0; c < 3; c++) {
                    for (int y = 0; y < 8; y++) {
                        for (int x = 0; x < 8; x++) {
                            float v = values[((i * 3 + c) * 8 + y) * 8 + x];
                            boolean inside = i == 0 ? y >= 2 && y < 6 && x >= 3 && x < 7 : y < 2 && x < 2;
                            assertThat(v).isEqualTo(inside ? 0.5f : 0f);
                            grayCount[i] += inside ? 1 : 0;
                        }
                    }
                }
            }
            assertThat(grayCount).containsExactly(3 * 16, 3 * 4);
        }
    }

    @Test
    void a_random_cutout_covers_at_most_a_square_of_half_the_height() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray ones = manager.ones(new Shape(50, 1, 28, 28));
            NDArray gray = new Cutout(0.5).apply(manager, ones, new Random(3)).eq(0.5f).sum(new int[] {1, 2, 3});
            long[] counts = gray.toType(DataType.INT64, false).toLongArray();
            assertThat(Arrays.stream(counts).boxed().toList()).allSatisfy(c -> assertThat(c).isBetween(7L * 7, 14L * 14));
            assertThat(Arrays.stream(counts).filter(c -> c == 14 * 14).count()).isPositive();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void the_strong_view_is_reproducible_from_its_seed_and_changes_the_images(int channels) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = images(manager, 16, channels, 12, 5);
            NDArray first = RandAugment.FIXMATCH.apply(manager, images, new Random(9));
            NDArray again = RandAugment.FIXMATCH.apply(manager, images, new Random(9));
            assertThat(first.getShape()).isEqualTo(images.getShape());
            assertThat(first.toFloatArray()).containsExactly(again.toFloatArray());
            assertThat(first.sub(images).abs().max().getFloat()).isPositive();
            assertThat(first.min().getFloat()).isGreaterThanOrEqualTo(0f);
            assertThat(first.max().getFloat()).isLessThanOrEqualTo(1f);
        }
    }

    @Test
    void views_draw_a_weak_and_a_strong_view() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = images(manager, 8, 1, 12, 6);
            Views views = Views.of(new float[] {0f}, new float[] {1f}, new BatchAugmenter(ViewTransform.NONE),
                    new BatchAugmenter(ViewTransform.NONE, RandAugment.FIXMATCH));
            assertThat(views.count()).isEqualTo(2);
            assertThat(views.view(0, manager, images, new Random(1)).toFloatArray())
                    .containsExactly(images.toFloatArray());
            // Every strong view has a cutout at least: some pixel of each image becomes gray.
            NDArray strong = views.view(1, manager, images, new Random(1));
            for (float d : strong.sub(images).abs().reshape(8, -1).max(new int[] {1}).toFloatArray()) {
                assertThat(d).isPositive();
            }
        }
    }
}
