package io.pretext.training.clip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pretext.training.data.ImageBatches;
import io.pretext.training.loop.GradMode;
import io.pretext.training.text.Tokenizer;
import org.junit.jupiter.api.Test;

/** Prompt ensembling and class probabilities of zero-shot classification. */
class ZeroShotTest {

    private static final ImageTextPairs PAIRS = CaptionedSquares.pairs(16, 2);
    private static final Tokenizer TOKENIZER = ClipMethod.tokenizer(PAIRS, 60);

    @Test
    void a_class_is_its_prompts_unit_embeddings_averaged_and_normalised_again() {
        ClipModel model = CaptionedSquares.model(TOKENIZER, 1);
        List<String> templates = List.of("a photo of a {}", "{} in the frame");
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, new Shape(2, 3, 16, 16));
            GradMode.off();
            float[] classes = ZeroShot.classEmbeddings(model, manager, List.of("cat", "boat"), templates)
                    .toFloatArray();

            float[] boat = model.textEmbeddings(manager, List.of("a photo of a boat", "boat in the frame"))
                    .toFloatArray();
            int d = boat.length / 2;
            double[] mean = new double[d];
            double norm = 0;
            for (int k = 0; k < d; k++) {
                mean[k] = (boat[k] + boat[d + k]) / 2.0;
                norm += mean[k] * mean[k];
            }
            for (int k = 0; k < d; k++) {
                assertThat((double) classes[d + k]).isCloseTo(mean[k] / Math.sqrt(norm), within(1e-5));
            }
            assertThat(ZeroShot.prompts("cat", templates)).containsExactly("a photo of a cat", "cat in the frame");
        }
    }

    @Test
    void probabilities_are_a_softmax_over_the_classes_that_agrees_with_the_prediction() {
        ClipModel model = CaptionedSquares.model(TOKENIZER, 2);
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, new Shape(2, 3, 16, 16));
            NDArray classes = ZeroShot.classEmbeddings(model, manager, CaptionedSquares.CLASSES,
                    ClipSettings.PROMPT_TEMPLATES);
            NDArray images = ImageBatches.images(manager, PAIRS.images(), IntStream.range(0, 16).toArray(), 0, 16);
            NDArray probabilities = ZeroShot.probabilities(model, manager, images, classes);

            assertThat(probabilities.getShape()).isEqualTo(new Shape(16, 4));
            for (float sum : probabilities.sum(new int[] {1}).toFloatArray()) {
                assertThat(sum).isCloseTo(1f, within(1e-5f));
            }
            long[] best = probabilities.argMax(1).toLongArray();
            int[] predicted = ZeroShot.predict(model, manager, PAIRS.images(), ClipSettings.PROMPT_TEMPLATES);
            assertThat(IntStream.range(0, 16).map(i -> (int) best[i]).toArray()).containsExactly(predicted);
        }
    }
}
