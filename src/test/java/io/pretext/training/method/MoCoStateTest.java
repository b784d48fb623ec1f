package io.pretext.training.method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import io.pretext.training.OptimizerSettings;
import io.pretext.training.child.ChildControl;
import io.pretext.training.data.Batch;
import io.pretext.training.data.ShuffledStream;
import io.pretext.training.data.Stream;
import io.pretext.training.data.TrainingData;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import org.junit.jupiter.api.Test;

/** MoCo's queue of keys, and where the next keys go, survive a save and a load. */
class MoCoStateTest {

    private static final TrainingData DATA = TinyMoCo.images(12, 5);

    @Test
    void the_queue_and_its_write_position_survive_save_and_load_so_the_next_loss_is_the_same() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(1);
            MoCo trained = TinyMoCo.create(10);
            trained.initialize(manager, TinyMoCo.INPUT);
            // 3 steps of 4 keys into a queue of 10: it has wrapped, and the next keys go to row 2.
            train(trained, manager);
            byte[] state = trained.methodState();

            Engine.getInstance().setRandomSeed(2);
            MoCo resumed = TinyMoCo.create(10);
            resumed.initialize(manager, TinyMoCo.INPUT);
            // The same network, so that only the queue can make the losses differ.
            copyParameters(trained, resumed);
            assertThat(resumed.methodState()).as("a fresh queue differs").isNotEqualTo(state);
            assertThat(loss(resumed, manager)).isNotEqualTo(loss(trained, manager));

            resumed.restoreMethodState(new ByteArrayInputStream(state), manager);

            assertThat(resumed.methodState()).isEqualTo(state);
            assertThat(loss(resumed, manager)).isEqualTo(loss(trained, manager));
            // Both enqueue the next keys at the same row, so they stay equal step after step.
            step(trained, manager);
            step(resumed, manager);
            assertThat(resumed.methodState()).isEqualTo(trained.methodState());
        }
    }

    @Test
    void a_queue_of_another_size_is_refused() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            MoCo small = TinyMoCo.create(6);
            small.initialize(manager, TinyMoCo.INPUT);
            MoCo large = TinyMoCo.create(10);
            large.initialize(manager, TinyMoCo.INPUT);

            assertThatThrownBy(() -> large.restoreMethodState(new ByteArrayInputStream(small.methodState()), manager))
                    .isInstanceOf(IOException.class).hasMessageContaining("does not fit");
        }
    }

    private static void train(MoCo moco, NDManager manager) throws Exception {
        Optimization optimization = new Optimization(moco.trainable(), new OptimizerSettings("sgd", 0.1, 0.0, 0.9),
                new LearningRateSchedule("constant", 0.1, 3), Set.of(), 1, 0);
        new EpochLoop(moco, optimization, new ChildControl(), manager, 3).run(
                new ShuffledStream(DATA, IntStream.range(0, 12).toArray(), 4, 3, Stream.UNLABELED, false), 1, 1,
                List.of());
    }

    /** The loss of a fixed batch and views, against the current queue; nothing is enqueued. */
    private static float loss(MoCo moco, NDManager manager) {
        try (NDManager step = manager.newSubManager(); NDScope scope = new NDScope(); Batch batch = batch(step)) {
            return moco.loss(step, batch, new Random(9)).getFloat();
        }
    }

    private static void step(MoCo moco, NDManager manager) {
        try (NDManager step = manager.newSubManager(); NDScope scope = new NDScope(); Batch batch = batch(step)) {
            moco.loss(step, batch, new Random(11));
            moco.afterStep(0.5);
        }
    }

    private static Batch batch(NDManager manager) {
        return new ShuffledStream(DATA, IntStream.range(0, 12).toArray(), 4, 7, Stream.UNLABELED, false)
                .batch(manager, 1, 0);
    }

    private static void copyParameters(MoCo from, MoCo to) {
        var source = from.checkpointBlocks();
        to.checkpointBlocks().forEach((name, block) -> {
            var a = source.get(name).getParameters().values();
            var b = block.getParameters().values();
            for (int i = 0; i < a.size(); i++) {
                NDArray value = a.get(i).getArray();
                value.copyTo(b.get(i).getArray());
            }
        });
    }
}
