package io.pretext.training.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import io.pretext.training.OptimizerSettings;
import io.pretext.training.child.ChildControl;
import io.pretext.training.data.Batch;
import io.pretext.training.data.ShuffledStream;
import io.pretext.training.data.Stream;
import io.pretext.training.data.TrainingData;
import io.pretext.training.method.Objective;
import io.pretext.training.method.TinyMoCo;
import io.pretext.training.ops.Forward;
import org.junit.jupiter.api.Test;

/**
 * The loop started mid-epoch from the state an interrupted run had reached continues exactly as the
 * uninterrupted run: same batches, same views and, for ops that draw from the engine's generator
 * (dropout, as in the text encoder), the same draws.
 */
class MidEpochResumeTest {

    private static final TrainingData DATA = TinyMoCo.images(20, 4);
    private static final int EPOCHS = 2;

    @Test
    void a_run_restarted_at_step_3_of_epoch_2_with_the_state_it_had_there_ends_with_the_same_parameters()
            throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            DropoutObjective uninterrupted = new DropoutObjective();
            train(uninterrupted, manager, 1, 0, List.of());

            DropoutObjective interrupted = new DropoutObjective();
            // 5 steps an epoch: global step 8 is step 3 (0-based) of epoch 2.
            assertThatThrownBy(() -> train(interrupted, manager, 1, 0, List.of(stopAfter(8))))
                    .hasMessage("stopped");

            DropoutObjective resumed = new DropoutObjective();
            Engine.getInstance().setRandomSeed(99); // another initialisation, overwritten by the saved state
            resumed.initialize(manager, new Shape(2, 1, 8, 8));
            copy(interrupted.trainable(), resumed.trainable());
            List<String> steps = new ArrayList<>();
            train(resumed, manager, 2, 3, List.of(record(steps)));

            assertThat(steps).containsExactly("start 2.3", "epoch 2", "2.3", "2.4");
            assertThat(values(resumed.trainable())).containsExactly(values(uninterrupted.trainable()));
        }
    }

    private static void train(DropoutObjective objective, NDManager manager, int firstEpoch, int firstStep,
            List<TrainingListener> listeners) throws Exception {
        ShuffledStream source = new ShuffledStream(DATA, IntStream.range(0, 20).toArray(), 4, 6, Stream.UNLABELED,
                false);
        if (firstEpoch == 1 && firstStep == 0) {
            Engine.getInstance().setRandomSeed(6);
            objective.initialize(manager, new Shape(2, 1, 8, 8));
        }
        int done = (firstEpoch - 1) * source.stepsPerEpoch() + firstStep;
        // Plain SGD at a constant rate: the parameters are the whole training state.
        Optimization optimization = new Optimization(objective.trainable(), new OptimizerSettings("sgd", 0.1, 0.0,
                0.0), new LearningRateSchedule("constant", 0.1, 10), Set.of(), 1, done);
        new EpochLoop(objective, optimization, new ChildControl(), manager, 6).run(source, firstEpoch, firstStep,
                EPOCHS, listeners);
    }

    private static TrainingListener stopAfter(int globalStep) {
        int[] steps = {0};
        return new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double loss) {
                if (++steps[0] == globalStep) {
                    throw new IllegalStateException("stopped");
                }
            }
        };
    }

    private static TrainingListener record(List<String> steps) {
        return new TrainingListener() {
            @Override
            public void onStart(int firstEpoch, int firstStep) {
                steps.add("start " + firstEpoch + "." + firstStep);
            }

            @Override
            public void onEpochStart(int epoch) {
                steps.add("epoch " + epoch);
            }

            @Override
            public void onStep(int epoch, int step, double loss) {
                steps.add(epoch + "." + step);
            }
        };
    }

    private static void copy(Block from, Block to) {
        List<Parameter> a = from.getParameters().values();
        List<Parameter> b = to.getParameters().values();
        GradMode.off();
        for (int i = 0; i < a.size(); i++) {
            a.get(i).getArray().copyTo(b.get(i).getArray());
        }
    }

    private static float[] values(Block block) {
        List<Float> all = new ArrayList<>();
        for (Parameter p : block.getParameters().values()) {
            for (float v : p.getArray().toFloatArray()) {
                all.add(v);
            }
        }
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }

    /** A regression of each image's mean onto a dropout-regularised linear map of its pixels. */
    private static final class DropoutObjective implements Objective {

        private final SequentialBlock network = new SequentialBlock().add(Blocks.batchFlattenBlock())
                .add(Dropout.builder().optRate(0.5f).build()).add(Linear.builder().setUnits(1).build());

        @Override
        public Block encoder() {
            return network;
        }

        @Override
        public Block trainable() {
            return network;
        }

        @Override
        public void initialize(NDManager manager, Shape input) {
            network.initialize(manager, DataType.FLOAT32, input);
        }

        @Override
        public NDArray loss(NDManager step, Batch batch, Random random) {
            NDArray images = batch.get(Stream.UNLABELED);
            NDArray target = images.reshape(images.getShape().get(0), -1).mean(new int[] {1}, true);
            return Forward.training(network, step, images).sub(target).square().mean();
        }

        @Override
        public Map<String, Block> checkpointBlocks() {
            return Map.of("encoder", network);
        }
    }
}
