package io.pretext.training.augment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class BatchAugmenterTest {

    private static ViewTransform only(double crop, double flip, double jitter, double gray, double blur) {
        return new ViewTransform(crop, flip, jitter, 0.4, 0.4, 0.4, 0.1, gray, blur, 1.5);
    }

    @Test
    void a_flip_mirrors_every_row() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = manager.randomUniform(0, 1, new Shape(4, 3, 8, 10));
            NDArray out = new BatchAugmenter(only(1, 1, 0, 0, 0)).apply(manager, images, new Random(1));
            assertThat(out.toFloatArray()).containsExactly(images.flip(3).toFloatArray(), within(1e-6f));
        }
    }

    @Test
    void no_transform_is_the_identity() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = manager.randomUniform(0, 1, new Shape(2, 1, 6, 6));
            NDArray out = new BatchAugmenter(ViewTransform.NONE).apply(manager, images, new Random(1));
            assertThat(out.toFloatArray()).containsExactly(images.toFloatArray(), within(0f));
        }
    }

    @Test
    void crops_stay_inside_the_image_within_the_area_and_aspect_bounds() {
        Random random = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            ResamplingMatrices.Box box = ResamplingMatrices.randomBox(28, 32, 0.2, random);
            double area = box.height() * box.width() / (28.0 * 32.0);
            assertThat(area).isBetween(0.2 - 1e-9, 1.0 + 1e-9);
            assertThat(box.y()).isGreaterThanOrEqualTo(0);
            assertThat(box.x()).isGreaterThanOrEqualTo(0);
            assertThat(box.y() + box.height()).isLessThanOrEqualTo(28 + 1e-9);
            assertThat(box.x() + box.width()).isLessThanOrEqualTo(32 + 1e-9);
            if (area < 1) {
                assertThat(box.width() / box.height()).isBetween(0.75 - 1e-9, 4.0 / 3 + 1e-9);
            }
        }
    }

    @Test
    void a_crop_resizes_the_chosen_box_to_the_full_size() {
        try (NDManager manager = NDManager.newBaseManager()) {
            // A horizontal ramp: after a crop every row is still non-decreasing and spans less than the whole ramp.
            float[] ramp = new float[16 * 16];
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    ramp[y * 16 + x] = x / 15f;
                }
            }
            NDArray images = manager.create(ramp, new Shape(1, 1, 16, 16)).repeat(0, 8);
            float[] out = new BatchAugmenter(only(0.25, 0, 0, 0, 0)).apply(manager, images, new Random(3))
                    .toFloatArray();
            for (int i = 0; i < 8; i++) {
                float first = out[i * 256];
                float last = out[i * 256 + 15];
                assertThat(last).isGreaterThan(first);
                assertThat(last - first).isLessThanOrEqualTo(1f + 1e-5f);
                for (int x = 1; x < 16; x++) {
                    assertThat(out[i * 256 + x]).isGreaterThanOrEqualTo(out[i * 256 + x - 1] - 1e-5f);
                }
            }
        }
    }

    @Test
    void grayscale_makes_all_three_channels_equal() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = manager.randomUniform(0, 1, new Shape(5, 3, 8, 8));
            NDArray out = new BatchAugmenter(only(1, 0, 0, 1, 0)).apply(manager, images, new Random(2));
            float[] r = out.get(":, 0").toFloatArray();
            assertThat(out.get(":, 1").toFloatArray()).containsExactly(r, within(1e-6f));
            assertThat(out.get(":, 2").toFloatArray()).containsExactly(r, within(1e-6f));
        }
    }

    @Test
    void blur_keeps_a_flat_image_flat() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray flat = manager.full(new Shape(2, 1, 12, 12), 0.4f);
            NDArray blurredFlat = new BatchAugmenter(only(1, 0, 0, 0, 1)).apply(manager, flat, new Random(4));
            float[] expected = new float[288];
            java.util.Arrays.fill(expected, 0.4f);
            assertThat(blurredFlat.toFloatArray()).containsExactly(expected, within(1e-6f));
        }
    }

    @Test
    void jitter_keeps_values_in_range_and_changes_the_image() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = manager.randomUniform(0, 1, new Shape(6, 3, 8, 8));
            NDArray out = new BatchAugmenter(only(1, 0, 1, 0, 0)).apply(manager, images, new Random(9));
            assertThat(out.min().getFloat()).isGreaterThanOrEqualTo(0f);
            assertThat(out.max().getFloat()).isLessThanOrEqualTo(1f);
            assertThat(out.sub(images).abs().max().getFloat()).isGreaterThan(0.01f);
        }
    }

    @Test
    void the_same_seed_gives_the_same_views() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = manager.randomUniform(0, 1, new Shape(4, 3, 16, 16));
            BatchAugmenter strong = new BatchAugmenter(ViewTransform.strong(16));
            assertThat(strong.apply(manager, images, new Random(11)).toFloatArray())
                    .containsExactly(strong.apply(manager, images, new Random(11)).toFloatArray(), within(0f));
        }
    }

    @Test
    void the_hue_matrix_of_no_rotation_is_close_to_the_identity() {
        float[] m = new float[9];
        ColorJitter.hueMatrix(0, m, 0);
        assertThat(m).containsExactly(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, within(2e-3f));
    }
}
