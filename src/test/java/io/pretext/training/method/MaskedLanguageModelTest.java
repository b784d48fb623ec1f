package io.pretext.training.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import io.pretext.training.FreedMemory;
import io.pretext.training.loop.GradMode;
import io.pretext.training.text.TextEncoders;
import io.pretext.training.text.Tokenizer;
import io.pretext.training.text.TransformerSettings;
import org.junit.jupiter.api.Test;

/**
 * The MLM loss's backward pass on real DJL: the same gradients whether or not a garbage collection
 * runs between forward and backward (issue 18's NaN: the attention's scale was read from freed
 * memory), and a batch with no token to predict gives a zero loss, not the NaN of an empty mean.
 */
class MaskedLanguageModelTest {

    private static final int VOCAB = 40;
    private static final int LENGTH = 12;
    private static final TransformerSettings TINY = new TransformerSettings(VOCAB, LENGTH, 16, 2, 2, 32, "mean");

    @Test
    void gradients_do_not_depend_on_a_garbage_collection_between_forward_and_backward() {
        long[] tokens = new long[4 * LENGTH];
        Random random = new Random(5);
        for (int i = 0; i < tokens.length; i++) {
            int position = i % LENGTH;
            tokens[i] = position == 0 ? Tokenizer.CLS : position > 9 ? Tokenizer.PAD : 5 + random.nextInt(VOCAB - 5);
        }
        Engine.getInstance().setRandomSeed(7);
        MaskedLanguageModel objective = new MaskedLanguageModel(TextEncoders.encoder(TINY), TINY.width(), VOCAB, 0.15);
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, new Shape(2, LENGTH));
            List<float[]> quiet = gradients(objective, manager, tokens, false);
            for (int round = 0; round < 3; round++) {
                List<float[]> collected = gradients(objective, manager, tokens, true);
                for (int p = 0; p < quiet.size(); p++) {
                    float[] expected = quiet.get(p);
                    float[] actual = collected.get(p);
                    for (int i = 0; i < expected.length; i++) {
                        assertThat(actual[i]).as("parameter %d entry %d, round %d", p, i, round)
                                .isCloseTo(expected[i], within(1e-6f + 1e-4f * Math.abs(expected[i])));
                    }
                }
            }
        }
    }

    @Test
    void a_batch_without_a_token_to_predict_has_a_zero_loss_and_zero_gradients() {
        long[] tokens = new long[3 * LENGTH]; // empty texts: [CLS] then padding
        for (int i = 0; i < tokens.length; i += LENGTH) {
            tokens[i] = Tokenizer.CLS;
        }
        Engine.getInstance().setRandomSeed(7);
        MaskedLanguageModel objective = new MaskedLanguageModel(TextEncoders.encoder(TINY), TINY.width(), VOCAB, 0.15);
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, new Shape(2, LENGTH));
            float loss;
            try (NDManager step = manager.newSubManager();
                    GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = objective.maskedLoss(step, step.create(tokens, new Shape(3, LENGTH)), new Random(1),
                        true);
                collector.backward(value);
                loss = value.getFloat();
            }
            assertThat(loss).isZero();
            for (Pair<String, Parameter> p : objective.trainable().getParameters()) {
                try (NDArray gradient = p.getValue().getArray().getGradient()) {
                    assertThat(gradient.abs().max().getFloat()).as(p.getKey()).isZero();
                }
            }
        }
    }

    /** Every parameter's gradient of one batch's loss (inference mode: no dropout), cleared afterwards. */
    private static List<float[]> gradients(MaskedLanguageModel objective, NDManager manager, long[] tokens,
            boolean collectBeforeBackward) {
        GradMode.off();
        try (NDManager step = manager.newSubManager()) {
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = objective.maskedLoss(step, step.create(tokens, new Shape(4, LENGTH)), new Random(3),
                        false);
                if (collectBeforeBackward) {
                    FreedMemory.collectAndReuse();
                }
                collector.backward(loss);
            }
            List<float[]> gradients = new ArrayList<>();
            for (Pair<String, Parameter> p : objective.trainable().getParameters()) {
                try (NDArray gradient = p.getValue().getArray().getGradient()) {
                    gradients.add(gradient.toFloatArray());
                    gradient.subi(gradient);
                }
            }
            return gradients;
        }
    }
}
