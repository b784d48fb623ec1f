package io.pretext.training.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.pretext.dataset.DatasetReader;
import org.junit.jupiter.api.Test;

class FixMatchPoolTest {

    private static DatasetReader.Images images(byte[] pixels, int[] labels) {
        return new DatasetReader.Images(pixels.length, 1, 1, 1, pixels, labels, List.of("a", "b"), "h");
    }

    @Test
    void the_validation_images_stay_out_when_the_unlabeled_dataset_holds_the_same_images() {
        DatasetReader.Images labeled = images(new byte[] {1, 2, 3, 4, 5}, new int[] {0, 1, 0, 1, 0});
        DatasetReader.Images uploadedAgain = images(new byte[] {1, 2, 3, 4, 5}, new int[0]);

        assertThat(FixMatchInputs.unlabeledPool(labeled, labeled, new int[] {1, 3})).containsExactly(0, 2, 4);
        assertThat(FixMatchInputs.unlabeledPool(labeled, uploadedAgain, new int[] {1, 3})).containsExactly(0, 2, 4);
    }

    @Test
    void other_images_are_all_in_the_pool() {
        DatasetReader.Images labeled = images(new byte[] {1, 2, 3, 4, 5}, new int[] {0, 1, 0, 1, 0});
        DatasetReader.Images other = images(new byte[] {1, 2, 3, 4, 6}, new int[0]);
        DatasetReader.Images smaller = images(new byte[] {1, 2, 3}, new int[0]);

        assertThat(FixMatchInputs.unlabeledPool(labeled, other, new int[] {1, 3})).containsExactly(0, 1, 2, 3, 4);
        assertThat(FixMatchInputs.unlabeledPool(labeled, smaller, new int[] {1, 3})).containsExactly(0, 1, 2);
    }

    @Test
    void the_same_holds_for_clips() {
        DatasetReader.Audio labeled = new DatasetReader.Audio(4, 8000, 2, new short[] {1, 2, 3, 4, 5, 6, 7, 8},
                new int[] {0, 1, 0, 1}, List.of("a", "b"), "h");
        DatasetReader.Audio uploadedAgain = new DatasetReader.Audio(4, 8000, 2, new short[] {1, 2, 3, 4, 5, 6, 7, 8},
                new int[0], List.of(), "h2");
        DatasetReader.Audio other = new DatasetReader.Audio(4, 8000, 2, new short[] {1, 2, 3, 4, 5, 6, 7, 9},
                new int[0], List.of(), "h3");

        assertThat(FixMatchInputs.unlabeledPool(labeled, uploadedAgain, new int[] {2})).containsExactly(0, 1, 3);
        assertThat(FixMatchInputs.unlabeledPool(labeled, other, new int[] {2})).containsExactly(0, 1, 2, 3);
    }
}
