package io.pretext.training.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/** Recall@k both ways, checked against ranks worked out by hand; and the picture of a search. */
class RetrievalTest {

    // Three images on the axes of the plane and beyond; captions placed by hand.
    private static final float[][] IMAGES = {{1, 0}, {0, 1}, {-1, 0}};

    @Test
    void recall_counts_a_hit_when_the_own_item_is_within_the_first_k() {
        // Caption 0 (image 0) points at image 0: rank 0. Caption 1 (image 1) points at image 0 first
        // (0.9 > 0.44 > -0.9): rank 1. Caption 2 (image 2) points at image 2: rank 0.
        float[][] captions = {{1, 0}, {0.9f, 0.44f}, {-1, 0.1f}};
        Map<String, Double> recall = Retrieval.recall(IMAGES, captions, new int[] {0, 1, 2});

        assertThat(recall.get("textToImageRecall@1")).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(recall.get("textToImageRecall@5")).isEqualTo(1.0);
        // Image 1 = (0, 1): scores 0, 0.44, 0.1 -> its caption first. Image 0: 1, 0.9, -1 -> own first.
        // Image 2 = (-1, 0): -1, -0.9, 1 -> own first.
        assertThat(recall.get("imageToTextRecall@1")).isEqualTo(1.0);
        assertThat(recall).containsOnlyKeys("imageToTextRecall@1", "imageToTextRecall@5", "imageToTextRecall@10",
                "textToImageRecall@1", "textToImageRecall@5", "textToImageRecall@10");
    }

    @Test
    void an_image_is_found_through_its_best_placed_caption_and_ties_count_against_the_query() {
        // Image 0 has captions 0 and 1: caption 0 is far from it, caption 1 right on it.
        float[][] captions = {{-1, 0}, {1, 0}, {0, 1}, {-1, 0}};
        int[] owners = {0, 0, 1, 2};
        Map<String, Double> recall = Retrieval.recall(IMAGES, captions, owners);

        // Image 0: caption 1 scores 1, the best: rank 0. Image 2: captions 0 and 3 tie at 1 -> rank 1.
        assertThat(recall.get("imageToTextRecall@1")).isCloseTo(2.0 / 3, within(1e-9));
        // Everything alike: every query ties with all items, so nothing ranks first.
        float[][] same = {{1, 0}, {1, 0}, {1, 0}};
        assertThat(Retrieval.recall(same, same, new int[] {0, 1, 2}).get("textToImageRecall@1")).isZero();
        assertThat(Retrieval.recall(same, same, new int[] {0, 1, 2}).get("textToImageRecall@5")).isEqualTo(1.0);
    }

    @Test
    void an_image_without_caption_and_mismatched_inputs_are_refused() {
        assertThatThrownBy(() -> Retrieval.recall(IMAGES, new float[][] {{1, 0}}, new int[] {0}))
                .hasMessageContaining("image 1 has no caption");
        assertThatThrownBy(() -> Retrieval.recall(IMAGES, new float[][] {{1, 0}}, new int[] {0, 1}))
                .hasMessageContaining("1 captions but 2");
    }

    @Test
    void top_gives_the_best_scores_first_and_stops_at_the_items() {
        assertThat(Retrieval.top(new float[] {0.1f, 0.9f, 0.5f, 0.9f}, 3)).containsExactly(1, 3, 2);
        assertThat(Retrieval.top(new float[] {0.2f}, 5)).containsExactly(0);
    }

    @Test
    void the_picture_has_a_row_per_query_and_a_column_per_result() throws Exception {
        byte[] grey = new byte[8 * 8];
        RetrievalPicture.Row row = new RetrievalPicture.Row("a red square", List.of(grey, grey, grey),
                List.of(false, true, false));

        byte[] png = RetrievalPicture.png("search", List.of(row, row), List.of(1, 8, 8));

        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(280 + 3 * 76 + 8);
        assertThat(image.getHeight()).isEqualTo(28 + 2 * 78);
    }
}
