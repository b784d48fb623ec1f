package io.pretext.training;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
import io.pretext.training.method.MaskedLanguageModel;
import io.pretext.training.text.TextEncoders;
import io.pretext.training.text.Tokenizer;
import io.pretext.training.text.TransformerSettings;

/**
 * A main, not a test: how fast Pretext's MLM loop lowers the masked-token loss on a JSONL corpus
 * for one recipe, beside the loss a context-free model gets (the entropy of the corpus's token
 * frequencies), so a run can tell "learning from context" from "learning word frequencies".
 * System properties: {@code probe.texts} (JSONL path), {@code probe.steps}, {@code probe.lr},
 * {@code probe.batch}, {@code probe.schedule}, {@code probe.layers}, {@code probe.width},
 * {@code probe.length}, {@code probe.every} (steps per printed mean).
 */
public final class MlmRecipeProbe {

    private MlmRecipeProbe() {
    }

    public static void main(String[] args) throws Exception {
        List<String> texts = TextBenchmark.read(Path.of(System.getProperty("probe.texts")), Integer.MAX_VALUE);
        int steps = Integer.getInteger("probe.steps", 600);
        int batch = Integer.getInteger("probe.batch", 32);
        int length = Integer.getInteger("probe.length", 128);
        int every = Integer.getInteger("probe.every", 50);
        double lr = Double.parseDouble(System.getProperty("probe.lr", "5e-4"));
        String schedule = System.getProperty("probe.schedule", "warmup-cosine");
        Tokenizer tokenizer = Tokenizer.train(texts, 8000);
        TextData data = new TextData(new DatasetReader.Texts(texts, new int[0], List.of(), "probe"), tokenizer,
                length);
        System.out.printf("texts %d, vocabulary %d, unigram entropy of real tokens %.3f nats%n", texts.size(),
                tokenizer.vocabSize(), unigramEntropy(data));
        TransformerSettings settings = TransformerSettings.of(TransformerSettings.MINI, tokenizer.vocabSize(), length,
                "mean", Integer.getInteger("probe.layers"), Integer.getInteger("probe.width"), null, null);
        Engine.getInstance().setRandomSeed(1);
        MaskedLanguageModel objective = new MaskedLanguageModel(TextEncoders.encoder(settings), settings.width(),
                settings.vocabSize(), 0.15);
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, new Shape(2, length));
            Optimization optimization = new Optimization(objective.trainable(),
                    new OptimizerSettings("adamw", lr, 0.01, null),
                    new LearningRateSchedule(schedule, lr, steps), Set.of(), 1, 0);
            BatchSource source = new ShuffledStream(data, IntStream.range(0, data.size()).toArray(), batch, 1,
                    Stream.TOKENS, false);
            int epochs = (steps + source.stepsPerEpoch() - 1) / source.stepsPerEpoch();
            long began = System.nanoTime();
            new EpochLoop(objective, optimization, new ChildControl(), manager, 1).run(source, 1, epochs,
                    List.of(new TrainingListener() {
                        private double lossSinceReport;
                        private int done;

                        @Override
                        public void onStep(int epoch, int step, double loss) {
                            lossSinceReport += loss;
                            done++;
                            if (done % every == 0) {
                                System.out.printf("step %5d  loss %.3f  %.0f s%n", done, lossSinceReport / every,
                                        (System.nanoTime() - began) / 1e9);
                                lossSinceReport = 0;
                            }
                            if (done >= steps) {
                                System.exit(0);
                            }
                        }
                    }));
        }
        System.exit(0);
    }

    private static double unigramEntropy(TextData data) {
        try (NDManager manager = NDManager.newBaseManager()) {
            long[] ids = data.batch(manager, IntStream.range(0, data.size()).toArray(), 0, data.size()).toLongArray();
            java.util.Map<Long, Long> counts = new java.util.HashMap<>();
            long total = 0;
            for (long id : ids) {
                if (id > Tokenizer.MASK) {
                    counts.merge(id, 1L, Long::sum);
                    total++;
                }
            }
            double entropy = 0;
            for (long c : counts.values()) {
                double p = (double) c / total;
                entropy -= p * Math.log(p);
            }
            return entropy;
        }
    }
}
