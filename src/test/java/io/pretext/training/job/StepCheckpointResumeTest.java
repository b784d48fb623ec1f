package io.pretext.training.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.IntStream;

import io.pretext.storage.ArtifactStore;
import io.pretext.storage.ArtifactStores;
import io.pretext.storage.StorageProperties;
import io.pretext.storage.StoredArtifact;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.ExitCodes;
import io.pretext.training.JobKind;
import io.pretext.training.ModelCard;
import io.pretext.training.OptimizerSettings;
import io.pretext.training.TrainingRequest;
import io.pretext.training.child.ChildControl;
import io.pretext.training.child.ChildEvents;
import io.pretext.training.child.RunContext;
import io.pretext.training.data.ShuffledStream;
import io.pretext.training.data.Stream;
import io.pretext.training.data.TrainingData;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.method.MoCo;
import io.pretext.training.method.TinyMoCo;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

/**
 * Step checkpoints end to end through the training skeleton, with MoCo (parameters, momentum
 * encoder, optimizer moments and the queue all matter): 2 epochs of 6 steps, a checkpoint every 4
 * steps. A run that dies mid-epoch, or is asked for its job back, and is resumed ends with exactly
 * the checkpoint an uninterrupted run writes, having redone none of the steps it had saved.
 */
class StepCheckpointResumeTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final StorageProperties STORAGE = new StorageProperties(StorageProperties.Type.FILESYSTEM, null);
    private static final String PAYLOAD = "{\"seed\": 3, \"checkpoint\": {\"everySteps\": 4, \"keepLatest\": 1}}";
    private static final TrainingData DATA = TinyMoCo.images(24, 11);
    private static final List<String> STATE_FILES = List.of("encoder.params", "projector.params", "target.params",
            ArtifactLayout.OPTIMIZER, ArtifactLayout.METHOD_STATE);

    @TempDir
    Path dir;

    private ArtifactStore store;

    @BeforeEach
    void setUp() throws IOException {
        store = ArtifactStores.create(STORAGE, dir);
    }

    @Test
    void a_run_killed_mid_epoch_resumes_from_its_step_checkpoint_and_ends_exactly_as_an_uninterrupted_one()
            throws Exception {
        UUID uninterrupted = UUID.randomUUID();
        assertThat(train(context(uninterrupted, null, 0, new ChildControl()), null)).isEqualTo(ExitCodes.DONE);

        UUID crashed = UUID.randomUUID();
        // Killed during global step 10 (epoch 2): the step checkpoint of step 8 is its newest.
        assertThatThrownBy(() -> train(context(crashed, null, 0, new ChildControl()),
                optimization -> failAt(optimization, 10))).hasMessage("killed");
        assertThat(folders(crashed)).containsExactly("epoch-0001/", "step-0000000008/");

        // The supervisor's database knows epoch 1 only; the child finds the newer step checkpoint.
        RunContext resumed = context(crashed, ArtifactLayout.epoch(ArtifactLayout.checkpoints(crashed), 1), 1,
                new ChildControl());
        assertThat(resumed.request().resumeFrom()).isEqualTo(ArtifactLayout.step(ArtifactLayout.checkpoints(crashed), 8));
        assertThat(resumed.request().resumeEpoch()).isEqualTo(1);
        assertThat(resumed.resumeStep()).isEqualTo(2);
        List<String> steps = new ArrayList<>();
        assertThat(train(resumed, optimization -> record(steps))).isEqualTo(ExitCodes.DONE);

        assertThat(steps).as("only the steps after the checkpoint, in the same order").containsExactly(
                "2.2", "2.3", "2.4", "2.5");
        assertSameFinalState(uninterrupted, crashed);
        assertThat(folders(crashed)).as("step checkpoints go once the epoch checkpoint is there")
                .containsExactly("epoch-0001/", "epoch-0002/");
    }

    @Test
    void a_run_asked_for_its_job_back_mid_epoch_checkpoints_where_it_stopped_and_loses_no_step() throws Exception {
        UUID uninterrupted = UUID.randomUUID();
        train(context(uninterrupted, null, 0, new ChildControl()), null);

        UUID released = UUID.randomUUID();
        Supervisor supervisor = new Supervisor();
        ChildControl control = ChildControl.watch(supervisor);
        int code = train(context(released, null, 0, control), optimization -> new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double loss) throws InterruptedException {
                if (optimization.globalStep() == 7) {
                    supervisor.say("release");
                    while (control.request() != ChildControl.Request.RELEASE) {
                        Thread.sleep(1);
                    }
                }
            }
        });
        assertThat(code).isEqualTo(ExitCodes.RELEASED);
        assertThat(folders(released)).containsExactly("epoch-0001/", "step-0000000007/");

        RunContext resumed = context(released, ArtifactLayout.epoch(ArtifactLayout.checkpoints(released), 1), 1,
                new ChildControl());
        assertThat(resumed.resumeStep()).isEqualTo(1);
        assertThat(train(resumed, null)).isEqualTo(ExitCodes.DONE);
        assertSameFinalState(uninterrupted, released);
    }

    @Test
    void a_step_checkpoint_that_cannot_be_written_fails_the_attempt_and_is_never_resumed_from() throws Exception {
        UUID job = UUID.randomUUID();
        ArtifactStore healthy = store;
        // The store fails on the optimizer state of the first step checkpoint, as a full disk would.
        store = new FailingStore(healthy, ArtifactLayout.step(ArtifactLayout.checkpoints(job), 4)
                + ArtifactLayout.OPTIMIZER);

        assertThatThrownBy(() -> train(context(job, null, 0, new ChildControl()), null))
                .isInstanceOf(IOException.class).hasMessageContaining("No space left");

        store = healthy;
        assertThat(store.list(ArtifactLayout.step(ArtifactLayout.checkpoints(job), 4)))
                .as("the torn checkpoint's files").isNotEmpty().noneMatch(key -> key.endsWith(ArtifactLayout.MANIFEST));
        RunContext resumed = context(job, null, 0, new ChildControl());
        assertThat(resumed.request().resumeFrom()).as("a fresh start").isNull();
        assertThat(resumed.resumeStep()).isZero();
    }

    private void assertSameFinalState(UUID expected, UUID actual) throws IOException {
        String a = ArtifactLayout.epoch(ArtifactLayout.checkpoints(expected), 2);
        String b = ArtifactLayout.epoch(ArtifactLayout.checkpoints(actual), 2);
        for (String file : STATE_FILES) {
            assertThat(bytes(b + file)).as(file).isEqualTo(bytes(a + file));
        }
    }

    private int train(RunContext context, java.util.function.Function<Optimization, TrainingListener> extra)
            throws Exception {
        MoCo moco = TinyMoCo.create(8);
        ShuffledStream source = new ShuffledStream(DATA, IntStream.range(0, 24).toArray(), 4, context.seed(),
                Stream.UNLABELED, false);
        return TrainingSkeleton.run(context, new TrainingPlan(moco, TinyMoCo.INPUT, source, 2, DATA.sha256(),
                () -> new ModelCard("tiny", 1, 8, 8, new float[] {0.5f}, new float[] {0.25f}, null, 8), Map.of(),
                TrainingPlan.InitialWeights.NONE,
                (stepsPerEpoch, firstStep) -> new Optimization(moco.trainable(),
                        new OptimizerSettings("sgd", 0.1, 1e-4, 0.9),
                        new LearningRateSchedule("cosine", 0.1, stepsPerEpoch * 2), Set.of(), 1.0, firstStep),
                (manager, optimization) -> extra == null ? List.of() : List.of(extra.apply(optimization))));
    }

    private RunContext context(UUID job, String resumeFrom, int resumeEpoch, ChildControl control) throws IOException {
        TrainingRequest request = new TrainingRequest(job, 1, JobKind.PRETRAIN, PAYLOAD, STORAGE, dir.toString(),
                ArtifactLayout.checkpoints(job), resumeFrom, resumeEpoch, null, "test");
        return RunContext.of(request, store, new ChildEvents(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)), control, JSON);
    }

    private static TrainingListener failAt(Optimization optimization, int globalStep) {
        return new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double loss) {
                if (optimization.globalStep() == globalStep) {
                    throw new IllegalStateException("killed");
                }
            }
        };
    }

    private static TrainingListener record(List<String> steps) {
        return new TrainingListener() {
            @Override
            public void onStep(int epoch, int step, double loss) {
                steps.add(epoch + "." + step);
            }
        };
    }

    /** The checkpoint folders of a job. */
    private List<String> folders(UUID job) throws IOException {
        String prefix = ArtifactLayout.checkpoints(job);
        return store.list(prefix).stream().map(key -> key.substring(prefix.length(), key.indexOf('/',
                prefix.length()) + 1)).distinct().sorted().toList();
    }

    private byte[] bytes(String key) throws IOException {
        try (InputStream in = store.get(key)) {
            return in.readAllBytes();
        }
    }

    /** A store whose put of one key fails. */
    private record FailingStore(ArtifactStore store, String failing) implements ArtifactStore {

        @Override
        public StoredArtifact put(String key, InputStream content) throws IOException {
            if (key.equals(failing)) {
                throw new IOException("No space left on device");
            }
            return store.put(key, content);
        }

        @Override
        public InputStream get(String key) throws IOException {
            return store.get(key);
        }

        @Override
        public boolean exists(String key) throws IOException {
            return store.exists(key);
        }

        @Override
        public void delete(String key) throws IOException {
            store.delete(key);
        }

        @Override
        public List<String> list(String prefix) throws IOException {
            return store.list(prefix);
        }

        @Override
        public void checkAvailable() throws IOException {
            store.checkAvailable();
        }

        @Override
        public String describe() {
            return "failing " + store.describe();
        }
    }

    /** The supervisor's end of the child's stdin: open for as long as the test runs (end-of-file halts). */
    private static final class Supervisor extends InputStream {

        private final BlockingQueue<Integer> bytes = new LinkedBlockingQueue<>();

        void say(String line) {
            for (byte b : (line + "\n").getBytes(StandardCharsets.UTF_8)) {
                bytes.add(b & 0xff);
            }
        }

        @Override
        public int read() throws IOException {
            try {
                return bytes.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            buffer[offset] = (byte) read();
            int n = 1;
            Integer next;
            while (n < length && (next = bytes.poll()) != null) {
                buffer[offset + n++] = next.byteValue();
            }
            return n;
        }
    }
}
