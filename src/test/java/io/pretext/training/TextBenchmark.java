package io.pretext.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.BlockList;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Embedding;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.PairList;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.child.ChildControl;
import io.pretext.training.data.BatchSource;
import io.pretext.training.data.ShuffledStream;
import io.pretext.training.data.Stream;
import io.pretext.training.data.TextData;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.loop.TrainingMetrics;
import io.pretext.training.method.MaskedLanguageModel;
import io.pretext.training.text.DynamicMasking;
import io.pretext.training.text.TextEncoders;
import io.pretext.training.text.Tokenizer;
import io.pretext.training.text.TransformerSettings;
import tools.jackson.databind.json.JsonMapper;

/**
 * The text throughput benchmark behind bench/text.sh (a main, not a test): texts per second of
 * Pretext's MLM pretraining loop (batching from the tokenised corpus, dynamic masking, per-step
 * scopes, our AdamW), with texts batched by length as pretraining does and in plain shuffled
 * batches, against a bare DJL Trainer loop on the same transformer, head and batches with the
 * masking done beforehand, alternating rounds in one run. Reads texts from a JSONL file
 * ({@code {"text": ...}} per line). Prints one JSON object.
 */
public final class TextBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TextBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args[0]);
        int steps = Integer.parseInt(args[1]);
        int batch = 32;
        int length = 128;
        List<String> texts = read(corpus, batch * steps);
        long began = System.nanoTime();
        Tokenizer tokenizer = Tokenizer.train(texts, 8000);
        double tokenizerSeconds = (System.nanoTime() - began) / 1e9;
        DatasetReader.Texts read = new DatasetReader.Texts(texts, new int[0], List.of(), "bench");
        TextData data = new TextData(read, tokenizer, length);
        TextData byLength = new TextData(read, tokenizer, length, true);
        TransformerSettings settings = TransformerSettings.preset(TransformerSettings.MINI, tokenizer.vocabSize(),
                length, "mean");
        List<Double> grouped = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        List<Double> bare = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            grouped.add(pretextLoop(byLength, settings, batch));
            ours.add(pretextLoop(data, settings, batch));
            bare.add(bareLoop(data, settings, batch, steps));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("texts", texts.size());
        out.put("batch", batch);
        out.put("maxLength", length);
        out.put("vocabSize", tokenizer.vocabSize());
        out.put("tokenizerTrainingSeconds", tokenizerSeconds);
        out.put("realTokenFraction", realFraction(data));
        out.put("truncatedFraction", data.truncatedFraction());
        out.put("groupedTextsPerSecond", grouped);
        out.put("pretextTextsPerSecond", ours);
        out.put("bareTextsPerSecond", bare);
        out.put("groupedOverUngrouped", best(grouped) / best(ours));
        out.put("ratioOfBest", best(ours) / best(bare));
        System.out.println(JSON.writeValueAsString(out));
        System.exit(0);
    }

    private static double best(List<Double> rates) {
        return rates.stream().mapToDouble(d -> d).max().orElseThrow();
    }

    /** The first {@code n} texts of a JSONL corpus ({@code {"text": ...}} per line). */
    static List<String> read(Path corpus, int n) throws IOException {
        List<String> texts = new ArrayList<>();
        for (String line : Files.readAllLines(corpus)) {
            if (texts.size() == n) {
                break;
            }
            texts.add(JSON.readTree(line).get("text").asString());
        }
        return texts;
    }

    private static double realFraction(TextData data) {
        try (NDManager manager = NDManager.newBaseManager()) {
            long[] ids = data.batch(manager, IntStream.range(0, data.size()).toArray(), 0, data.size()).toLongArray();
            return (double) java.util.Arrays.stream(ids).filter(id -> id != Tokenizer.PAD).count() / ids.length;
        }
    }

    /**
     * Texts per second of one epoch of Pretext's loop: in batches of similar length cut to their
     * longest text when {@code data} is built by length (what pretraining does on jemalloc), else in
     * plain shuffled batches.
     */
    private static double pretextLoop(TextData data, TransformerSettings settings, int batch) throws Exception {
        Engine.getInstance().setRandomSeed(1);
        MaskedLanguageModel objective = new MaskedLanguageModel(TextEncoders.encoder(settings), settings.width(),
                settings.vocabSize(), 0.15);
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, new Shape(2, settings.maxLength()));
            Optimization optimization = new Optimization(objective.trainable(),
                    new OptimizerSettings("adamw", 0.0005, 0.01, null),
                    new LearningRateSchedule("constant", 5e-4, 1), Set.of(), 1, 0);
            double[] rate = new double[1];
            BatchSource source = new ShuffledStream(data, IntStream.range(0, data.size()).toArray(), batch, 1,
                    Stream.TOKENS, false);
            new EpochLoop(objective, optimization, new ChildControl(), manager, 1).run(source, 1, 1,
                    List.of(new TrainingMetrics(optimization, source.samplesPerEpoch()),
                            TrainingListener.afterEachEpoch((epoch, metrics) -> rate[0] = metrics.get("samplesPerSecond"))));
            return rate[0];
        }
    }

    /** DJL's own Trainer and AdamW on batches masked beforehand: nothing of ours but the model. */
    private static double bareLoop(TextData data, TransformerSettings settings, int batch, int steps)
            throws Exception {
        Engine.getInstance().setRandomSeed(1);
        BareMlm network = new BareMlm(TextEncoders.encoder(settings), settings);
        Loss loss = Loss.softmaxCrossEntropyLoss();
        try (Model model = Model.newInstance("bare")) {
            model.setBlock(network);
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                    .optOptimizer(Optimizer.adamW().optLearningRateTracker(Tracker.fixed(5e-4f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(2, settings.maxLength()), new Shape(1));
                NDManager manager = trainer.getManager();
                int[] all = IntStream.range(0, data.size()).toArray();
                List<NDList> ready = new ArrayList<>();
                for (int step = 0; step < steps; step++) {
                    NDArray ids = data.batch(manager, all, step * batch, (step + 1) * batch);
                    DynamicMasking.Masked masked = DynamicMasking.mask(ids.toLongArray(), settings.vocabSize(), 0.15,
                            new Random(step));
                    ready.add(new NDList(manager.create(masked.inputs(), ids.getShape()),
                            manager.create(masked.positions()),
                            manager.create(masked.targets()).toType(DataType.FLOAT32, false)));
                }
                long start = System.nanoTime();
                for (NDList b : ready) {
                    // As DJL's EasyTrain closes each batch: the step's activations and gradients go to a
                    // step manager that is closed after the update (without it every step's arrays
                    // stayed in the trainer's manager until the round ended, 17 GB in 30 steps).
                    try (NDManager step = manager.newSubManager()) {
                        b.tempAttach(step);
                        try (GradientCollector collector = trainer.newGradientCollector()) {
                            NDArray value = trainer.getLoss().evaluate(new NDList(b.get(2)),
                                    trainer.forward(new NDList(b.get(0), b.get(1))));
                            collector.backward(value);
                            value.getFloat();
                        }
                        trainer.step();
                    }
                }
                return (double) steps * batch / ((System.nanoTime() - start) / 1e9);
            }
        }
    }

    /** The MLM network as one block: encoder layers before the pooling, then the head at the given positions. */
    private static final class BareMlm extends AbstractBlock {

        private final SequentialBlock encoder;
        private final Block head;

        BareMlm(SequentialBlock encoder, TransformerSettings settings) {
            this.encoder = addChildBlock("encoder", encoder);
            this.head = addChildBlock("head", new SequentialBlock()
                    .add(ai.djl.nn.core.Linear.builder().setUnits(settings.width()).build())
                    .add(ai.djl.nn.Activation::gelu)
                    .add(ai.djl.nn.core.Linear.builder().setUnits(settings.vocabSize()).build()));
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                PairList<String, Object> params) {
            NDList states = new NDList(inputs.get(0));
            BlockList children = encoder.getChildren();
            for (int i = 0; i < children.size() - 1; i++) {
                states = children.get(i).getValue().forward(store, states, training);
            }
            Shape shape = inputs.get(0).getShape();
            NDArray flat = states.get(0).reshape(shape.get(0) * shape.get(1), -1);
            NDArray chosen = Embedding.embedding(inputs.get(1), flat, SparseFormat.DENSE).singletonOrThrow();
            return head.forward(store, new NDList(chosen), training);
        }

        @Override
        public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
            encoder.initialize(manager, dataType, inputShapes[0]);
            head.initialize(manager, dataType, encoder.getOutputShapes(new Shape[] {inputShapes[0]}));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {new Shape(inputShapes[1].get(0), -1)};
        }
    }
}
