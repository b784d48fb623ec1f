package io.pretext.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.child.ChildControl;
import io.pretext.training.data.BatchSource;
import io.pretext.training.data.ShuffledStream;
import io.pretext.training.data.Stream;
import io.pretext.training.data.TextData;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.eval.Confusion;
import io.pretext.training.eval.Evaluation;
import io.pretext.training.loop.DivergenceCheck;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.GradMode;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.loop.TrainingMetrics;
import io.pretext.training.method.Classification;
import io.pretext.training.method.InputView;
import io.pretext.training.method.MaskedLanguageModel;
import io.pretext.training.text.TextEncoders;
import io.pretext.training.text.TokenRows;
import io.pretext.training.text.Tokenizer;
import io.pretext.training.text.TransformerSettings;
import org.junit.jupiter.api.Test;

/**
 * The text path on real DJL: padding changes nothing, a short MLM run (in fixed-width batches and in
 * batches grouped and cut by length) lowers the masked-token loss well below its start, and
 * finetuning on few labels beats the majority class.
 */
class TextTrainingTest {

    private static final int LENGTH = 32;

    @Test
    void padding_does_not_change_a_texts_embedding() {
        List<String> texts = SyntheticTexts.texts(200, 1);
        Tokenizer tokenizer = Tokenizer.train(texts, 200);
        for (String pooling : List.of("mean", "cls")) {
            TransformerSettings settings = TransformerSettings.preset(TransformerSettings.MINI, tokenizer.vocabSize(),
                    64, pooling);
            try (NDManager manager = NDManager.newBaseManager()) {
                ai.djl.engine.Engine.getInstance().setRandomSeed(1);
                SequentialBlock encoder = TextEncoders.encoder(settings);
                encoder.initialize(manager, DataType.FLOAT32, new Shape(1, 64));
                String text = "The old pan bakes the soup.";
                assertThat(tokenizer.encode(text).length).isLessThan(23);
                float[] short_ = embed(encoder, manager, tokenizer, text, 24);
                float[] long_ = embed(encoder, manager, tokenizer, text, 64);
                assertThat(short_).hasSize(128);
                for (int i = 0; i < short_.length; i++) {
                    assertThat(long_[i]).as(pooling + " dim " + i).isCloseTo(short_[i],
                            org.assertj.core.api.Assertions.within(1e-4f));
                }
            }
        }
    }

    private static float[] embed(Block encoder, NDManager manager, Tokenizer tokenizer, String text, int length) {
        GradMode.off();
        long[] ids = TokenRows.ids(TokenRows.bytes(tokenizer, List.of(text), length));
        NDArray input = manager.create(ids, new Shape(1, length));
        return encoder.forward(new ParameterStore(manager, false), new NDList(input), false).singletonOrThrow()
                .toFloatArray();
    }

    @Test
    void a_short_mlm_run_lowers_the_masked_token_loss_well_below_its_start() throws Exception {
        List<String> texts = SyntheticTexts.texts(1024, 2);
        Tokenizer tokenizer = Tokenizer.train(texts, 300);
        TextData data = new TextData(new DatasetReader.Texts(texts, new int[0], List.of(), "sha"), tokenizer, LENGTH);
        shortMlmRun(tokenizer, data);
    }

    @Test
    void a_short_mlm_run_on_batches_grouped_and_cut_by_length_learns_as_well() throws Exception {
        List<String> texts = SyntheticTexts.texts(1024, 2);
        Tokenizer tokenizer = Tokenizer.train(texts, 300);
        TextData data = new TextData(new DatasetReader.Texts(texts, new int[0], List.of(), "sha"), tokenizer, LENGTH,
                true);
        shortMlmRun(tokenizer, data);
    }

    private static void shortMlmRun(Tokenizer tokenizer, TextData data) throws Exception {
        TransformerSettings settings = TransformerSettings.preset(TransformerSettings.MINI, tokenizer.vocabSize(),
                LENGTH, "mean");
        ai.djl.engine.Engine.getInstance().setRandomSeed(2);
        MaskedLanguageModel objective = new MaskedLanguageModel(TextEncoders.encoder(settings), settings.width(),
                settings.vocabSize(), 0.15);
        OptimizerSettings optimizer = new OptimizerSettings("adamw", 0.001, 0.01, null);
        List<Double> losses = new ArrayList<>();
        int epochs = 6;
        TextData heldOut = new TextData(new DatasetReader.Texts(SyntheticTexts.texts(256, 9), new int[0], List.of(),
                "sha"), tokenizer, LENGTH);
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, new Shape(2, LENGTH));
            double before = heldOutLoss(objective, heldOut, manager);
            int steps = ShuffledStream.stepsPerEpoch(data.size(), 64) * epochs;
            Optimization optimization = new Optimization(objective.trainable(), optimizer,
                    new LearningRateSchedule("warmup-cosine", 1e-3, steps), Set.of(), 1, 0);
            BatchSource source = new ShuffledStream(data, IntStream.range(0, data.size()).toArray(), 64, 3,
                    Stream.TOKENS, false);
            new EpochLoop(objective, optimization, new ChildControl(), manager, 3).run(source, 1, epochs,
                    List.of(new DivergenceCheck(), new TrainingMetrics(optimization, source.samplesPerEpoch()),
                            TrainingListener.afterEachEpoch((epoch, metrics) -> losses.add(metrics.get("loss")))));
            double after = heldOutLoss(objective, heldOut, manager);
            // An untrained model guesses about uniformly: ln(vocabulary) nats.
            assertThat(before).isGreaterThan(0.8 * Math.log(tokenizer.vocabSize()));
            assertThat(after).as("held-out masked loss %s -> %s, training losses %s", before, after, losses)
                    .isLessThan(0.5 * before);
            assertThat(losses.get(epochs - 1)).isLessThan(losses.get(0));
        }
    }

    /** The masked-token loss on held-out texts, in inference mode, with the same masks every time. */
    private static double heldOutLoss(MaskedLanguageModel objective, TextData data, NDManager parent) {
        GradMode.off();
        try (NDManager manager = parent.newSubManager()) {
            NDArray tokens = data.batch(manager, IntStream.range(0, data.size()).toArray(), 0, data.size());
            return objective.maskedLoss(manager, tokens, new java.util.Random(11), false).getFloat();
        }
    }

    @Test
    void finetuning_on_few_labels_beats_the_majority_class() throws Exception {
        int n = 800;
        List<String> texts = SyntheticTexts.texts(n, 3);
        int[] labels = SyntheticTexts.labels(n);
        Tokenizer tokenizer = Tokenizer.train(texts, 300);
        TextData data = new TextData(new DatasetReader.Texts(texts, labels, SyntheticTexts.CLASSES, "sha"), tokenizer,
                LENGTH);
        TransformerSettings settings = TransformerSettings.preset(TransformerSettings.MINI, tokenizer.vocabSize(),
                LENGTH, "mean");
        ai.djl.engine.Engine.getInstance().setRandomSeed(4);
        SequentialBlock encoder = TextEncoders.encoder(settings);
        Classification objective = new Classification(encoder, Encoders.linearHead(4), InputView.IDENTITY);
        int[] train = IntStream.range(0, 160).toArray(); // 20% of the labels, 40 per class
        int[] test = IntStream.range(400, n).toArray();
        OptimizerSettings optimizer = new OptimizerSettings("adamw", 0.001, 0.01, null);
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, new Shape(2, LENGTH));
            int epochs = 10;
            Optimization optimization = new Optimization(objective.trainable(), optimizer,
                    new LearningRateSchedule("warmup-cosine", 1e-3, ShuffledStream.stepsPerEpoch(train.length, 16) * epochs),
                    Set.of(), 1, 0);
            new EpochLoop(objective, optimization, new ChildControl(), manager, 5).run(
                    new ShuffledStream(data, train, 16, 5, Stream.INPUTS, true), 1, epochs,
                    List.of(new DivergenceCheck()));
            Confusion confusion = Evaluation.confusion(objective.network(), InputView.IDENTITY, manager, data, test,
                    128);
            assertThat(confusion.accuracy()).as("majority class is 0.25").isGreaterThan(0.6);
            assertThat(confusion.macroF1()).isGreaterThan(0.5);
        }
    }
}
