package io.pretext.training.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.OptimizerSettings;
import io.pretext.training.TinyImages;
import io.pretext.training.augment.BatchAugmenter;
import io.pretext.training.augment.ViewTransform;
import io.pretext.training.child.ChildControl;
import io.pretext.training.data.ShuffledStream;
import io.pretext.training.data.Stream;
import io.pretext.training.data.TrainingData;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.loop.DivergenceCheck;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.method.Classification;
import io.pretext.training.method.Views;
import org.junit.jupiter.api.Test;

class FinetuneStrategiesTest {

    private static final DatasetReader.Images DATA = TinyImages.squares(48, 1, 16, 3, 2);

    @Test
    void a_linear_probe_leaves_every_encoder_parameter_and_batchnorm_statistic_bit_identical() throws Exception {
        Map<String, float[]> before = new LinkedHashMap<>();
        Map<String, float[]> after = new LinkedHashMap<>();
        Map<String, float[]> headBefore = new LinkedHashMap<>();
        Map<String, float[]> headAfter = new LinkedHashMap<>();
        train("linear", 2, objective -> {
            before.putAll(values(objective.encoder().getParameters()));
            headBefore.putAll(values(objective.head().getParameters()));
        }, objective -> {
            after.putAll(values(objective.encoder().getParameters()));
            headAfter.putAll(values(objective.head().getParameters()));
        });
        assertThat(before.keySet()).anyMatch(name -> name.contains("runningMean"));
        assertThat(after).hasSameSizeAs(before);
        before.forEach((name, value) -> assertThat(after.get(name)).as(name).isEqualTo(value));
        // float[] values: compare contents (a Map's equals would compare the arrays' identities).
        assertThat(headAfter).hasSameSizeAs(headBefore).isNotEmpty();
        headBefore.forEach((name, value) -> assertThat(headAfter.get(name)).as(name).isNotEqualTo(value));
    }

    @Test
    void gradual_unfreezing_trains_the_head_then_the_last_stage_then_everything() throws Exception {
        Map<String, float[]> start = new LinkedHashMap<>();
        Map<Integer, Map<String, float[]>> byEpoch = new LinkedHashMap<>();
        train("gradual-unfreeze", 3, objective -> start.putAll(values(objective.encoder().getParameters())),
                objective -> { }, (epoch, objective) -> byEpoch.put(epoch,
                        values(objective.encoder().getParameters())));
        String firstConv = start.keySet().iterator().next();
        String lastConv = start.keySet().stream().filter(n -> n.contains("Conv2d") && n.endsWith("weight"))
                .reduce((a, b) -> b).orElseThrow();
        assertThat(byEpoch.get(1).get(lastConv)).isEqualTo(start.get(lastConv));
        assertThat(byEpoch.get(2).get(lastConv)).isNotEqualTo(start.get(lastConv));
        assertThat(byEpoch.get(2).get(firstConv)).isEqualTo(start.get(firstConv));
        assertThat(byEpoch.get(3).get(firstConv)).isNotEqualTo(start.get(firstConv));
    }

    @Test
    void with_fixed_statistics_a_trained_encoder_keeps_its_batchnorm_statistics_but_learns_its_weights()
            throws Exception {
        Map<String, float[]> before = new LinkedHashMap<>();
        Map<String, float[]> after = new LinkedHashMap<>();
        train("lp-ft", 2, objective -> {
            objective.stages().fixStatistics(true);
            before.putAll(values(objective.encoder().getParameters()));
        }, objective -> after.putAll(values(objective.encoder().getParameters())));
        before.forEach((name, value) -> {
            if (name.contains("running")) {
                assertThat(after.get(name)).as(name).isEqualTo(value);
            } else {
                assertThat(after.get(name)).as(name).isNotEqualTo(value);
            }
        });
        assertThat(before.keySet()).anyMatch(name -> name.contains("runningVar"))
                .anyMatch(name -> name.contains("gamma"));
    }

    @Test
    void without_fixed_statistics_full_finetuning_moves_them() throws Exception {
        Map<String, float[]> before = new LinkedHashMap<>();
        Map<String, float[]> after = new LinkedHashMap<>();
        train("full", 1, objective -> before.putAll(values(objective.encoder().getParameters())),
                objective -> after.putAll(values(objective.encoder().getParameters())));
        String runningMean = before.keySet().stream().filter(n -> n.contains("runningMean")).findFirst().orElseThrow();
        assertThat(after.get(runningMean)).isNotEqualTo(before.get(runningMean));
    }

    @Test
    void every_newly_unfrozen_stage_starts_the_schedule_over_and_other_strategies_never_do() {
        Classification objective = new Classification(Encoders.encoder("cnn-small", 16), Encoders.linearHead(3),
                new Views(new BatchAugmenter(ViewTransform.WEAK), new float[] {0.5f}, new float[] {0.25f}));
        var registry = io.pretext.training.TrainingMethods.get();

        assertThat(SupervisedJob.restarts(registry.strategy("gradual-unfreeze").orElseThrow(), 9, 3, objective, 10))
                .containsExactly(30, 60);
        assertThat(SupervisedJob.restarts(registry.strategy("lp-ft").orElseThrow(), 9, 3, objective, 10)).isEmpty();
        assertThat(SupervisedJob.restarts(registry.strategy("full").orElseThrow(), 9, 3, objective, 10)).isEmpty();
        assertThat(registry.strategy("lp-ft").orElseThrow().startsFromProbe()).isTrue();
        assertThat(registry.strategy("linear").orElseThrow().trainsByGradient()).isFalse();
    }

    private interface Hook {
        void accept(Classification objective);
    }

    private interface EpochHook {
        void accept(int epoch, Classification objective);
    }

    private static void train(String strategy, int epochs, Hook beforeTraining, Hook afterTraining) throws Exception {
        train(strategy, epochs, beforeTraining, afterTraining, (epoch, objective) -> { });
    }

    private static void train(String strategy, int epochs, Hook beforeTraining, Hook afterTraining, EpochHook eachEpoch)
            throws Exception {
        Views views = new Views(new BatchAugmenter(ViewTransform.WEAK), new float[] {0.5f}, new float[] {0.25f});
        Classification objective = new Classification(Encoders.encoder("cnn-small", 16), Encoders.linearHead(3),
                views);
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, new Shape(2, 1, 16, 16));
            beforeTraining.accept(objective);
            Optimization optimization = new Optimization(objective.trainable(),
                    new OptimizerSettings("sgd", 0.05, 0.0, 0.9),
                    new LearningRateSchedule("constant", 0.05, 100), Set.of(), 1, 0);
            new EpochLoop(objective, optimization, new ChildControl(), manager, 3).run(
                    new ShuffledStream(TrainingData.of(DATA), IntStream.range(0, 48).toArray(), 16, 3, Stream.INPUTS,
                            true), 1, epochs,
                    List.of(new DivergenceCheck(), new Unfreezing(objective.stages(),
                                    epoch -> SupervisedJob.firstTrainable(strategy, epoch, 1, objective)),
                            TrainingListener.afterEachEpoch((epoch, metrics) -> eachEpoch.accept(epoch, objective))));
            afterTraining.accept(objective);
        }
    }

    private static Map<String, float[]> values(ai.djl.nn.ParameterList parameters) {
        Map<String, float[]> values = new LinkedHashMap<>();
        for (var p : parameters) {
            values.put(p.getKey(), p.getValue().getArray().toFloatArray());
        }
        return values;
    }
}
