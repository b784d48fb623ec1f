package io.pretext.training.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;

import io.pretext.dataset.DatasetReader;
import io.pretext.dataset.DatasetSplit;
import io.pretext.dataset.DatasetSplitter;
import io.pretext.dataset.SplitSpec;
import org.junit.jupiter.api.Test;

class RawPixelBaselineTest {

    @Test
    void features_are_every_pixel_of_every_channel_scaled_to_zero_one_in_chw_order() {
        byte[] pixels = {0, (byte) 255, 51, (byte) 204, 1, 2, 3, 4};
        DatasetReader.Images images = new DatasetReader.Images(2, 2, 1, 2, pixels, new int[] {0, 1},
                List.of("a", "b"), "x");

        float[][] rows = RawPixelBaseline.features(images, new int[] {1, 0});

        assertThat(rows[1]).containsExactly(0f, 1f, 0.2f, 0.8f);
        assertThat(rows[0]).containsExactly(1 / 255f, 2 / 255f, 3 / 255f, 4 / 255f);
    }

    @Test
    void learns_which_half_of_the_image_is_bright_and_reports_its_validation_accuracy() {
        DatasetReader.Images train = halves(400, new Random(1));
        DatasetReader.Images test = halves(200, new Random(2));
        DatasetSplit split = DatasetSplitter.split(train.labels(), 2, new SplitSpec(null, 50, 0.2, 3));

        RawPixelBaseline floor = RawPixelBaseline.fit(train, split);

        int[] predicted = floor.predict(test);
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == test.labels()[i] ? 1 : 0;
        }
        assertThat(correct / (double) predicted.length).isGreaterThan(0.95);
        assertThat(floor.validationAccuracy()).isGreaterThan(0.95);
        assertThat(floor.summary()).containsEntry("trainSamples", 100).containsEntry("validationSamples", 80)
                .containsEntry("features", 16);
        assertThatThrownBy(() -> floor.predict(new DatasetReader.Images(1, 1, 2, 2, new byte[4], new int[] {0},
                List.of("a", "b"), "y"))).hasMessageContaining("1x4x4");
    }

    /** 4x4 gray images of noise; class 1 has a brighter top half. */
    private static DatasetReader.Images halves(int n, Random random) {
        byte[] pixels = new byte[n * 16];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 2;
            for (int p = 0; p < 16; p++) {
                int base = labels[i] == 1 && p < 8 ? 150 : 60;
                pixels[i * 16 + p] = (byte) (base + random.nextInt(60));
            }
        }
        return new DatasetReader.Images(n, 1, 4, 4, pixels, labels, List.of("dark", "bright"), "h");
    }
}
