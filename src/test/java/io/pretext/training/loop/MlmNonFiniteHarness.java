package io.pretext.training.loop;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.FreedMemory;
import io.pretext.training.OptimizerSettings;
import io.pretext.training.SyntheticTexts;
import io.pretext.training.data.Batch;
import io.pretext.training.data.BatchSource;
import io.pretext.training.data.ShuffledStream;
import io.pretext.training.data.Stream;
import io.pretext.training.data.TextData;
import io.pretext.training.method.MaskedLanguageModel;
import io.pretext.training.text.TextEncoders;
import io.pretext.training.text.Tokenizer;
import io.pretext.training.text.TransformerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Issue 18's NaN hunt, run by hand: the short MLM run of {@code TextTrainingTest} repeated
 * {@code -Dharness.runs=N} times (different seeds, or {@code -Dharness.sameSeed=true}), each step
 * checked for the first non-finite (or absurdly large) value in the loss, every parameter's gradient
 * after the backward pass and every parameter after the update, named by parameter. With
 * {@code -Dharness.provoke=true} a garbage collection and a burst of small direct buffers run between
 * the forward and the backward pass, which is when an autograd graph that holds memory owned by a
 * dead Java buffer reads garbage. Prints one line per run; skipped unless {@code harness.runs} is set.
 * Example: {@code ./mvnw -o -q test-compile surefire:test -Dtest=MlmNonFiniteHarness -Dharness.runs=20}.
 */
@EnabledIfSystemProperty(named = "harness.runs", matches = "\\d+")
class MlmNonFiniteHarness {

    private static final int LENGTH = 32;
    /** A gradient entry above this is reported although finite: Adam would hide it until it overflows. */
    private static final float ABSURD = 1e6f;

    @Test
    void runs_the_short_mlm_training_many_times() throws Exception {
        int runs = Integer.getInteger("harness.runs");
        int epochs = Integer.getInteger("harness.epochs", 6);
        boolean sameSeed = Boolean.getBoolean("harness.sameSeed");
        boolean provoke = Boolean.getBoolean("harness.provoke");
        List<String> texts = SyntheticTexts.texts(1024, 2);
        Tokenizer tokenizer = Tokenizer.train(texts, 300);
        TextData data = new TextData(new DatasetReader.Texts(texts, new int[0], List.of(), "sha"), tokenizer, LENGTH);
        int failures = 0;
        long started = System.nanoTime();
        for (int run = 0; run < runs; run++) {
            long seed = sameSeed ? 3 : 100 + run;
            String finding = oneRun(tokenizer, data, seed, epochs, provoke);
            failures += finding.startsWith("ok") ? 0 : 1;
            System.out.printf("run %d seed %d provoke %s: %s%n", run, seed, provoke, finding);
        }
        System.out.printf("%d of %d runs non-finite (%.1f s)%n", failures, runs, (System.nanoTime() - started) / 1e9);
    }

    private static String oneRun(Tokenizer tokenizer, TextData data, long seed, int epochs, boolean provoke)
            throws Exception {
        TransformerSettings settings = TransformerSettings.preset(TransformerSettings.MINI, tokenizer.vocabSize(),
                LENGTH, "mean");
        Engine.getInstance().setRandomSeed((int) seed);
        MaskedLanguageModel objective = new MaskedLanguageModel(TextEncoders.encoder(settings), settings.width(),
                settings.vocabSize(), 0.15);
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, new Shape(2, LENGTH));
            BatchSource source = new ShuffledStream(data, IntStream.range(0, data.size()).toArray(), 64, seed,
                    Stream.TOKENS, false);
            int steps = source.stepsPerEpoch() * epochs;
            Optimization optimization = new Optimization(objective.trainable(),
                    new OptimizerSettings("adamw", 0.001, 0.01, null),
                    new LearningRateSchedule("warmup-cosine", 1e-3, steps), Set.of(), 1, 0);
            ai.djl.nn.ParameterList parameters = objective.trainable().getParameters();
            GradMode.off();
            float last = Float.NaN;
            for (int epoch = 1; epoch <= epochs; epoch++) {
                for (int step = 0; step < source.stepsPerEpoch(); step++) {
                    String where = "epoch " + epoch + " step " + (step + 1);
                    long stepSeed = seed * 7_919L + epoch * 1_000_003L + (long) step * source.batchSize();
                    Engine.getInstance().setRandomSeed(Long.hashCode(stepSeed * 0x9E3779B97F4A7C15L));
                    try (NDManager stepManager = manager.newSubManager()) {
                        try (NDScope scope = new NDScope(); Batch batch = source.batch(stepManager, epoch, step);
                                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                            NDArray loss = objective.loss(stepManager, batch, new Random(stepSeed));
                            if (provoke) {
                                FreedMemory.collectAndReuse();
                            }
                            collector.backward(loss);
                            last = loss.getFloat();
                            if (!Float.isFinite(last)) {
                                return "loss " + last + " at " + where + "; parameters were finite before it";
                            }
                            String gradient = firstNonFinite(parameters, true);
                            if (gradient != null) {
                                return "gradient of " + gradient + " at " + where + " (loss " + last
                                        + " finite); gradients finite only in " + finiteGradients(parameters);
                            }
                        }
                        optimization.step();
                        String parameter = firstNonFinite(parameters, false);
                        if (parameter != null) {
                            return "parameter " + parameter + " after the update at " + where;
                        }
                    }
                }
            }
            return "ok (last loss " + last + ")";
        }
    }

    /** The first parameter whose gradient (or value) has a non-finite or absurd entry, with the entry. */
    private static String firstNonFinite(ai.djl.nn.ParameterList parameters, boolean gradient) {
        for (Pair<String, Parameter> p : parameters) {
            if (!p.getValue().isInitialized() || gradient && !p.getValue().requiresGradient()) {
                continue;
            }
            NDArray array = p.getValue().getArray();
            try (NDArray values = gradient ? array.getGradient() : null) {
                float[] entries = (gradient ? values : array).toFloatArray();
                for (float entry : entries) {
                    if (!Float.isFinite(entry) || Math.abs(entry) > ABSURD) {
                        return p.getKey() + " = " + entry;
                    }
                }
            }
        }
        return null;
    }

    /**
     * The parameters whose gradients are all finite, in order: the backward pass runs from the last
     * parameter to the first, so the op that went wrong sits where the finite ones stop.
     */
    private static List<String> finiteGradients(ai.djl.nn.ParameterList parameters) {
        List<String> finite = new ArrayList<>();
        for (Pair<String, Parameter> p : parameters) {
            try (NDArray gradient = p.getValue().getArray().getGradient()) {
                boolean ok = true;
                for (float entry : gradient.toFloatArray()) {
                    ok &= Float.isFinite(entry) && Math.abs(entry) <= ABSURD;
                }
                if (ok) {
                    finite.add(p.getKey().replace("01SequentialBlock_", ""));
                }
            }
        }
        return finite;
    }
}
