package io.pretext.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** CLIP's zero-shot arithmetic on embeddings, and the stored form of a search index. */
class ZeroShotMathTest {

    @Test
    void prompts_go_label_by_label_with_the_label_in_each_template() {
        assertThat(ZeroShotMath.prompts(List.of("cat", "dog"), List.of("a {}", "{} here")))
                .containsExactly("a cat", "cat here", "a dog", "dog here");
    }

    @Test
    void each_labels_prompts_are_averaged_to_a_unit_vector_and_the_scaled_cosines_softmaxed() {
        float[][] images = {{1, 0}, {0, 1}};
        // Label 0's two prompts average to (1, 1) / 2, i.e. the unit diagonal; label 1 is (0, 1).
        float[][] prompts = {{1, 0}, {0, 1}, {0, 1}, {0, 1}};

        float[][] p = ZeroShotMath.probabilities(images, prompts, 2, 2, 10f);

        double diagonal = 10 / Math.sqrt(2);
        double first = Math.exp(diagonal) / (Math.exp(diagonal) + Math.exp(0));
        double second = Math.exp(diagonal) / (Math.exp(diagonal) + Math.exp(10));
        assertThat(p[0][0]).isCloseTo((float) first, within(1e-6f));
        assertThat(p[1][0]).isCloseTo((float) second, within(1e-6f));
        for (float[] row : p) {
            assertThat(row[0] + row[1]).isCloseTo(1f, within(1e-6f));
        }
    }

    @Test
    void a_search_index_reads_back_as_written_and_a_truncated_one_is_refused() throws IOException {
        float[][] rows = {{1.5f, -2f, 0f}, {3f, 4f, 5f}};
        byte[] bytes = SearchIndex.write(rows);

        assertThat(SearchIndex.read(bytes)).isDeepEqualTo(rows);
        assertThat(catchThrowable(() -> SearchIndex.read(Arrays.copyOf(bytes, bytes.length - 4))))
                .isInstanceOf(IOException.class).hasMessageContaining("2 x 3");
    }
}
