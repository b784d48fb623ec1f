package io.pretext.training.clip;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import io.pretext.dataset.DatasetReader;
import io.pretext.storage.ArtifactStore;
import io.pretext.storage.TestStores;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.OptimizerSettings;
import io.pretext.training.checkpoint.CheckpointContents;
import io.pretext.training.checkpoint.Checkpoints;
import io.pretext.training.checkpoint.TrainingPosition;
import io.pretext.training.child.ChildControl;
import io.pretext.training.data.Batch;
import io.pretext.training.data.ImageBatches;
import io.pretext.training.data.Stream;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.GradMode;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.text.Tokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/** The CLIP model's gradients, locked towers, logit-scale clamp and checkpoint round trip. */
class ClipModelTest {

    private static final ImageTextPairs PAIRS = CaptionedSquares.pairs(32, 4);
    private static final Tokenizer TOKENIZER = ClipMethod.tokenizer(PAIRS, 60);
    private static final Shape INPUT = new Shape(2, 3, CaptionedSquares.SIZE, CaptionedSquares.SIZE);

    @TempDir
    Path folder;

    @Test
    void one_backward_pass_reaches_every_parameter_of_both_towers_and_the_logit_scale() {
        ClipModel model = CaptionedSquares.model(TOKENIZER, 1);
        try (NDManager manager = NDManager.newBaseManager(); NDManager step = manager.newSubManager()) {
            model.initialize(manager, INPUT);
            Batch batch = batches(16).batch(step, 1, 0);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(model.loss(step, batch, new Random(1)));
            }
            for (Map.Entry<String, Block> block : model.checkpointBlocks().entrySet()) {
                for (Parameter p : block.getValue().getParameters().values()) {
                    if (p.requiresGradient() && !p.getName().contains("running")) {
                        assertThat(p.getArray().getGradient().abs().sum().getFloat())
                                .as(block.getKey() + " " + p.getName()).isGreaterThan(0f);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("imageEncoders")
    void every_image_encoder_serves_as_the_image_tower(String encoder) {
        DatasetReader.Images images = CaptionedSquares.images(4, 1, 32);
        ClipModel model = CaptionedSquares.model(TOKENIZER, 1,
                new ClipSettings(16, null, null, null, null, null, null).withDefaults(), encoder, 32);
        try (NDManager manager = NDManager.newBaseManager(); NDManager step = manager.newSubManager()) {
            model.initialize(manager, new Shape(2, 3, 32, 32));
            NDArray pixels = ImageBatches.images(step, images, new int[] {0, 1, 2, 3}, 0, 4);
            NDArray tokens = step.create(new long[] {2, 5, 6, 0, 2, 7, 0, 0, 2, 8, 9, 10, 2, 11, 0, 0}, new Shape(4, 4))
                    .concat(step.zeros(new Shape(4, 8), ai.djl.ndarray.types.DataType.INT64), 1);
            float loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray value = model.loss(step, Batch.of(Stream.UNLABELED, pixels).with(Stream.TOKENS, tokens),
                        new Random(1));
                collector.backward(value);
                loss = value.getFloat();
            }
            assertThat(loss).as(encoder).isFinite().isPositive();
            assertThat(model.imageEmbeddings(step, pixels).getShape()).isEqualTo(new Shape(4, 16));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void a_locked_encoder_starts_from_its_checkpoint_and_stays_as_it_is_while_the_rest_learns(boolean image)
            throws Exception {
        ArtifactStore store = TestStores.folder(folder);
        try (NDManager manager = NDManager.newBaseManager()) {
            ClipModel earlier = CaptionedSquares.model(TOKENIZER, 2);
            earlier.initialize(manager, INPUT);
            Block earlierEncoder = image ? earlier.encoder() : earlier.textEncoder();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            earlierEncoder.saveParameters(new DataOutputStream(bytes));
            store.put("earlier/" + ArtifactLayout.ENCODER, new ByteArrayInputStream(bytes.toByteArray()));

            UUID from = UUID.randomUUID();
            ClipSettings lit = new ClipSettings(32, null, image ? from : null, image ? null : from, image, !image,
                    null).withDefaults();
            ClipModel model = CaptionedSquares.model(TOKENIZER, 3, lit); // locked before initialisation, as a job does
            model.initialize(manager, INPUT);
            ClipMethod.startTowers(model, lit, store, image ? "earlier/" : null, image ? null : "earlier/", manager);
            String locked = image ? ArtifactLayout.ENCODER_BLOCK : ClipModel.TEXT_ENCODER;
            List<float[]> loaded = values(model.checkpointBlocks().get(locked));
            assertThat(loaded).usingRecursiveComparison().isEqualTo(values(earlierEncoder));
            Map<String, List<float[]>> before = snapshot(model);

            train(model, manager, 2);

            Map<String, List<float[]>> after = snapshot(model);
            assertThat(after.get(locked)).usingRecursiveComparison().isEqualTo(loaded);
            for (String learning : model.checkpointBlocks().keySet()) {
                if (!learning.equals(locked)) {
                    assertThat(after.get(learning)).as(learning).usingRecursiveComparison()
                            .isNotEqualTo(before.get(learning));
                }
            }
        }
    }

    @Test
    void the_logit_scale_starts_at_the_inverse_temperature_and_is_clamped_to_one_to_a_hundred() {
        ClipModel model = CaptionedSquares.model(TOKENIZER, 1);
        try (NDManager manager = NDManager.newBaseManager()) {
            model.initialize(manager, INPUT);
            assertThat(model.logitScale()).isCloseTo(1 / 0.07f, org.assertj.core.api.Assertions.within(1e-3f));
            NDArray logScale = model.checkpointBlocks().get(ClipModel.LOGIT_SCALE).getParameters().get(0).getValue().getArray();

            GradMode.off();
            logScale.set(new float[] {6f});
            model.afterStep(0.5);
            assertThat(model.logitScale()).isCloseTo(100f, org.assertj.core.api.Assertions.within(1e-3f));
            logScale.set(new float[] {-2f});
            model.afterStep(0.5);
            assertThat(model.logitScale()).isEqualTo(1f);
        }
    }

    @Test
    void a_checkpoint_of_both_towers_the_scale_and_the_tokenizer_gives_identical_embeddings() throws Exception {
        ArtifactStore store = TestStores.folder(folder);
        List<String> texts = List.of("a photo of a cat", "the drum in the frame", "zebra!");
        try (NDManager manager = NDManager.newBaseManager()) {
            ClipModel trained = CaptionedSquares.model(TOKENIZER, 5);
            trained.initialize(manager, INPUT);
            Optimization optimization = train(trained, manager, 1);
            Checkpoints.write(store, "run/", new CheckpointContents(trained.checkpointBlocks(),
                    optimization.state(), null, trained.files(), Map.of("epoch", 1)),
                    TrainingPosition.afterEpoch(1, optimization.globalStep()), JsonMapper.builder().build());

            Tokenizer tokenizer;
            try (InputStream in = store.get("run/" + ArtifactLayout.TOKENIZER)) {
                tokenizer = Tokenizer.fromBytes(in.readAllBytes());
            }
            ClipModel restored = CaptionedSquares.model(tokenizer, 6);
            restored.initialize(manager, INPUT);
            Checkpoints.loadAll(store, "run/", restored.checkpointBlocks(), manager);

            GradMode.off();
            int[] all = IntStream.range(0, 8).toArray();
            NDArray images = ImageBatches.images(manager, PAIRS.images(), all, 0, 8);
            assertThat(restored.imageEmbeddings(manager, images).toFloatArray())
                    .containsExactly(trained.imageEmbeddings(manager, images).toFloatArray());
            assertThat(restored.textEmbeddings(manager, texts).toFloatArray())
                    .containsExactly(trained.textEmbeddings(manager, texts).toFloatArray());
            assertThat(restored.logitScale()).isEqualTo(trained.logitScale()).isNotEqualTo(1 / 0.07f);
        }
    }

    static List<String> imageEncoders() {
        return io.pretext.training.encoder.Encoders.NAMES;
    }

    private static CaptionedBatches batches(int batchSize) {
        return new CaptionedBatches(PAIRS, TOKENIZER, 12, IntStream.range(0, 32).toArray(), batchSize, 7);
    }

    private static Optimization train(ClipModel model, NDManager manager, int epochs) throws Exception {
        CaptionedBatches source = batches(16);
        Optimization optimization = new Optimization(model.trainable(), new OptimizerSettings("adamw", 0.003, 0.0001,
                null), new LearningRateSchedule("constant", 0.003, source.stepsPerEpoch() * epochs), Set.of(), 1, 0);
        new EpochLoop(model, optimization, new ChildControl(), manager, 7).run(source, 1, epochs,
                List.of(model.metrics()));
        return optimization;
    }

    private static Map<String, List<float[]>> snapshot(ClipModel model) {
        Map<String, List<float[]>> values = new java.util.LinkedHashMap<>();
        model.checkpointBlocks().forEach((name, block) -> values.put(name, values(block)));
        return values;
    }

    /** Every parameter's values, BatchNorm's running statistics included. */
    private static List<float[]> values(Block block) {
        List<float[]> values = new ArrayList<>();
        for (Parameter p : block.getParameters().values()) {
            values.add(p.getArray().toFloatArray());
        }
        return values;
    }
}
