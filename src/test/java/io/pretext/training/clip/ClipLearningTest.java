package io.pretext.training.clip;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.OptimizerSettings;
import io.pretext.training.child.ChildControl;
import io.pretext.training.loop.DivergenceCheck;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.loop.TrainingMetrics;
import io.pretext.training.text.Tokenizer;
import org.junit.jupiter.api.Test;

/**
 * The learning test: a short CLIP run on synthetic pairs (the class is where a square sits; the
 * captions name the class in templates) must classify held-out images zero-shot, by the prompt
 * "a photo of a {}" that no caption uses, far above the chance of one in four, which the untrained
 * model does not reach.
 */
class ClipLearningTest {

    static final int EPOCHS = 4;

    @Test
    void a_short_run_on_captions_alone_classifies_held_out_images_zero_shot() throws Exception {
        ImageTextPairs pairs = CaptionedSquares.pairs(512, 1);
        DatasetReader.Images validation = CaptionedSquares.images(200, 99);
        Tokenizer tokenizer = ClipMethod.tokenizer(pairs, 60);
        ClipModel model = CaptionedSquares.model(tokenizer, 1);
        List<String> prompts = ClipSettings.PROMPT_TEMPLATES;
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, new Shape(2, 3, CaptionedSquares.SIZE, CaptionedSquares.SIZE));
            double before = ZeroShot.accuracy(model, manager, validation, prompts);
            CaptionedBatches source = new CaptionedBatches(pairs, tokenizer, 12, IntStream.range(0, 512).toArray(),
                    64, 1);
            Optimization optimization = new Optimization(model.trainable(), new OptimizerSettings("adamw", 0.003,
                    0.0001, null), new LearningRateSchedule("warmup-cosine", 0.003, source.stepsPerEpoch() * EPOCHS),
                    Set.of(), 1, 0);
            List<Map<String, Double>> epochs = new ArrayList<>();
            long began = System.nanoTime();
            new EpochLoop(model, optimization, new ChildControl(), manager, 1).run(source, 1, EPOCHS,
                    List.of(new DivergenceCheck(), new TrainingMetrics(optimization, source.samplesPerEpoch()),
                            model.metrics(), new ZeroShotListener(model, validation, prompts, manager, 2, EPOCHS),
                            TrainingListener.afterEachEpoch((epoch, metrics) ->
                                    epochs.add(new LinkedHashMap<>(metrics)))));
            double seconds = (System.nanoTime() - began) / 1e9;
            double after = ZeroShot.accuracy(model, manager, validation, prompts);
            System.err.printf("CLIP learning test: zero-shot %.3f -> %.3f in %.1f s, logit scale %.2f, epochs %s%n",
                    before, after, seconds, model.logitScale(), epochs);

            assertThat(before).isLessThan(0.5);
            assertThat(after).isGreaterThan(0.85);
            assertThat(epochs.get(EPOCHS - 1).get(ZeroShotListener.ACCURACY)).isEqualTo(after);
            assertThat(epochs.get(EPOCHS - 1).get("loss")).isLessThan(epochs.get(0).get("loss"));
            assertThat(epochs.get(EPOCHS - 1).get(ClipMetrics.IMAGE_TO_TEXT))
                    .isGreaterThan(epochs.get(0).get(ClipMetrics.IMAGE_TO_TEXT));
        }
    }
}
