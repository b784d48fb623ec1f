package io.pretext.training.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.OptimizerSettings;
import io.pretext.training.child.ChildControl;
import io.pretext.training.data.Batch;
import io.pretext.training.data.ShuffledStream;
import io.pretext.training.data.Stream;
import io.pretext.training.data.TrainingData;
import io.pretext.training.method.Objective;
import io.pretext.training.ops.Forward;
import org.junit.jupiter.api.Test;

class EpochLoopListenersTest {

    private static final TrainingData DATA = TrainingData.of(new DatasetReader.Images(10, 1, 1, 2, new byte[20],
            new int[10], List.of("a"), "sha"));

    @Test
    void listeners_run_in_their_order_and_a_later_one_sees_the_metrics_of_an_earlier_one() throws Exception {
        List<String> events = new ArrayList<>();
        Map<String, Double> reported = new LinkedHashMap<>();
        TrainingListener checkpoint = new TrainingListener() {
            @Override
            public void onEpoch(int epoch, Map<String, Double> metrics) {
                events.add("checkpoint " + epoch + " " + metrics.keySet());
                reported.putAll(metrics);
            }

            @Override
            public void onEnd(EpochLoop.Outcome outcome) {
                events.add("end " + outcome);
            }
        };
        try (NDManager manager = NDManager.newBaseManager()) {
            Objective objective = new LinearObjective(1f);
            Optimization optimization = optimization(objective, manager);

            EpochLoop.Outcome outcome = new EpochLoop(objective, optimization, new ChildControl(), manager, 1).run(
                    new ShuffledStream(DATA, IntStream.range(0, 10).toArray(), 4, 1, Stream.UNLABELED, false), 2, 3,
                    List.of(new TrainingMetrics(optimization, 10), recorder("first", events),
                            recorder("second", events), checkpoint));

            assertThat(outcome).isEqualTo(EpochLoop.Outcome.COMPLETED);
            assertThat(events).containsExactly(
                    "first start 2", "second start 2",
                    "first step 2.0", "second step 2.0", "first step 2.1", "second step 2.1",
                    "first step 2.2", "second step 2.2",
                    "first epoch 2 [loss, learningRate, samplesPerSecond, stepsPerSecond]",
                    "second epoch 2 [loss, learningRate, samplesPerSecond, stepsPerSecond, first]",
                    "checkpoint 2 [loss, learningRate, samplesPerSecond, stepsPerSecond, first, second]",
                    "first start 3", "second start 3",
                    "first step 3.0", "second step 3.0", "first step 3.1", "second step 3.1",
                    "first step 3.2", "second step 3.2",
                    "first epoch 3 [loss, learningRate, samplesPerSecond, stepsPerSecond]",
                    "second epoch 3 [loss, learningRate, samplesPerSecond, stepsPerSecond, first]",
                    "checkpoint 3 [loss, learningRate, samplesPerSecond, stepsPerSecond, first, second]",
                    "end COMPLETED");
            assertThat(reported.get("loss")).isFinite();
            // Both rates share the epoch's time: 3 steps against the 10 samples the source counts.
            assertThat(reported.get("stepsPerSecond") / reported.get("samplesPerSecond"))
                    .isCloseTo(0.3, within(1e-9));
            assertThat(optimization.globalStep()).isEqualTo(6);
        }
    }

    @Test
    void the_divergence_check_stops_the_run_at_the_first_step_whose_loss_is_not_finite() throws Exception {
        List<String> events = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            Objective objective = new LinearObjective(Float.NaN);
            Optimization optimization = optimization(objective, manager);
            EpochLoop loop = new EpochLoop(objective, optimization, new ChildControl(), manager, 1);

            assertThatThrownBy(() -> loop.run(new ShuffledStream(DATA, IntStream.range(0, 10).toArray(), 4, 1,
                    Stream.UNLABELED, false), 1, 2, List.of(new DivergenceCheck(), recorder("after", events))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("training diverged: the loss is NaN at epoch 1, step 1; try a lower learning rate");
            assertThat(events).containsExactly("after start 1");
        }
    }

    private static TrainingListener recorder(String name, List<String> events) {
        return new TrainingListener() {
            @Override
            public void onEpochStart(int epoch) {
                events.add(name + " start " + epoch);
            }

            @Override
            public void onStep(int epoch, int step, double loss) {
                events.add(name + " step " + epoch + "." + step);
            }

            @Override
            public void onEpoch(int epoch, Map<String, Double> metrics) {
                events.add(name + " epoch " + epoch + " " + metrics.keySet());
                metrics.put(name, (double) epoch);
            }
        };
    }

    private static Optimization optimization(Objective objective, NDManager manager) throws Exception {
        objective.initialize(manager, new Shape(2, 2));
        return new Optimization(objective.trainable(), new OptimizerSettings("sgd", 0.1, 0.0, 0.9),
                new LearningRateSchedule("constant", 0.1, 6), Set.of(), 1, 0);
    }

    /** The mean of a linear map of each image's two pixels, times a scale (NaN makes it diverge). */
    private static final class LinearObjective implements Objective {

        private final Block linear = Linear.builder().setUnits(1).build();
        private final float scale;

        LinearObjective(float scale) {
            this.scale = scale;
        }

        @Override
        public Block encoder() {
            return linear;
        }

        @Override
        public Block trainable() {
            return linear;
        }

        @Override
        public void initialize(NDManager manager, Shape input) {
            linear.initialize(manager, DataType.FLOAT32, input);
        }

        @Override
        public NDArray loss(NDManager step, Batch batch, Random random) {
            NDArray images = batch.get(Stream.UNLABELED);
            NDArray flat = images.reshape(images.getShape().get(0), -1).add(1);
            return Forward.training(linear, step, flat).square().mean().mul(scale);
        }

        @Override
        public Map<String, Block> checkpointBlocks() {
            return Map.of("encoder", linear);
        }
    }
}
