package io.pretext.training.augment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class TranslationErasingTest {

    /** The shift {@code (dy, dx)} within {@code max} that maps {@code in} to {@code out} with zero fill, or null. */
    private static int[] shiftOf(float[] in, float[] out, int offset, int size, int max) {
        for (int dy = -max; dy <= max; dy++) {
            for (int dx = -max; dx <= max; dx++) {
                boolean matches = true;
                for (int y = 0; y < size && matches; y++) {
                    for (int x = 0; x < size && matches; x++) {
                        int sy = y - dy;
                        int sx = x - dx;
                        float expected = sy >= 0 && sy < size && sx >= 0 && sx < size
                                ? in[offset + sy * size + sx] : 0f;
                        matches = Math.abs(out[offset + y * size + x] - expected) < 1e-6;
                    }
                }
                if (matches) {
                    return new int[] {dy, dx};
                }
            }
        }
        return null;
    }

    @Test
    void every_image_is_shifted_by_whole_pixels_within_the_bound_with_zero_fill() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = manager.randomUniform(0.1f, 1, new Shape(32, 1, 8, 8));
            NDArray out = RandomTranslation.apply(manager, images, 0.25, new Random(3));
            float[] in = images.toFloatArray();
            float[] shifted = out.toFloatArray();
            boolean moved = false;
            for (int i = 0; i < 32; i++) {
                int[] shift = shiftOf(in, shifted, i * 64, 8, 2);
                assertThat(shift).as("image %d", i).isNotNull();
                moved |= shift[0] != 0 || shift[1] != 0;
            }
            assertThat(moved).isTrue();
        }
    }

    @Test
    void erasing_zeroes_one_rectangle_of_bounded_area_and_keeps_the_rest() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = manager.randomUniform(0.1f, 1, new Shape(64, 3, 12, 12));
            float[] in = images.toFloatArray();
            float[] out = RandomErasing.apply(manager, images, 1.0, new Random(4)).toFloatArray();
            int plane = 144;
            for (int i = 0; i < 64; i++) {
                int top = 12;
                int bottom = -1;
                int left = 12;
                int right = -1;
                int erased = 0;
                for (int p = 0; p < plane; p++) {
                    boolean zero = out[i * 3 * plane + p] == 0f;
                    for (int c = 0; c < 3; c++) {
                        int at = (i * 3 + c) * plane + p;
                        // The same pixels in every channel: zero, or untouched.
                        assertThat(out[at]).isEqualTo(zero ? 0f : in[at]);
                    }
                    if (zero) {
                        erased++;
                        top = Math.min(top, p / 12);
                        bottom = Math.max(bottom, p / 12);
                        left = Math.min(left, p % 12);
                        right = Math.max(right, p % 12);
                    }
                }
                // The zeros fill exactly their bounding box: one rectangle.
                assertThat(erased).isPositive();
                assertThat(erased).isEqualTo((bottom - top + 1) * (right - left + 1));
                assertThat((double) erased / plane).isBetween(0.0, RandomErasing.MAX_AREA + 0.1);
            }
        }
    }

    @Test
    void without_probability_nothing_is_erased() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray images = manager.randomUniform(0.1f, 1, new Shape(8, 1, 10, 10));
            float[] out = RandomErasing.apply(manager, images, 0, new Random(1)).toFloatArray();
            assertThat(out).containsExactly(images.toFloatArray());
        }
    }

    @Test
    void boxes_stay_inside_the_image() {
        Random random = new Random(9);
        for (int i = 0; i < 5_000; i++) {
            int[] box = RandomErasing.box(28, 20, random);
            assertThat(box[0] + box[2]).isLessThanOrEqualTo(28);
            assertThat(box[1] + box[3]).isLessThanOrEqualTo(20);
            assertThat(box[2] * box[3]).isLessThanOrEqualTo((int) Math.ceil(28 * 20 * RandomErasing.MAX_AREA * 1.3));
        }
    }
}
