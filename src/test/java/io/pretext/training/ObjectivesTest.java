package io.pretext.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.augment.BatchAugmenter;
import io.pretext.training.augment.ViewTransform;
import io.pretext.training.child.ChildControl;
import io.pretext.training.data.BatchSource;
import io.pretext.training.data.ShuffledStream;
import io.pretext.training.data.Stream;
import io.pretext.training.data.TrainingData;
import io.pretext.training.loop.DivergenceCheck;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.loop.TrainingMetrics;
import io.pretext.training.method.Methods;
import io.pretext.training.method.Objective;
import io.pretext.training.method.Views;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ObjectivesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @ParameterizedTest
    @ValueSource(strings = {"simclr", "moco", "byol", "rotation", "vicreg"})
    void everyMethodTrainsItsEncoderWithAFiniteLoss(String method) throws Exception {
        DatasetReader.Images data = TinyImages.squares(64, 3, 16, 4, 1);
        JsonNode spec = JSON.readTree("""
                {"method": "%s", "temperature": 0.2, "queueSize": 64, "momentum": 0.9,
                 "optimizer": {"type": "adamw", "lr": 0.001, "weightDecay": 0.0001}}""".formatted(method));
        Views views = new Views(new BatchAugmenter(ViewTransform.strong(16)), new float[] {0.5f, 0.5f, 0.5f},
                new float[] {0.25f, 0.25f, 0.25f});
        ai.djl.engine.Engine.getInstance().setRandomSeed(3);
        Objective objective = Methods.create(JSON.treeToValue(spec, PretrainSettings.class), "cnn-small", 16, views);
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, new Shape(2, 3, 16, 16));
            List<float[]> before = snapshot(objective);
            Optimization optimization = new Optimization(objective.trainable(), new OptimizerSettings("adamw", 0.001, 0.0001, null),
                    new LearningRateSchedule("warmup-cosine", 1e-3, 8), Set.of(), 1, 0);
            List<Double> losses = new ArrayList<>();
            BatchSource source = new ShuffledStream(TrainingData.of(data), IntStream.range(0, 64).toArray(), 16, 7,
                    Stream.UNLABELED, false);
            new EpochLoop(objective, optimization, new ChildControl(), manager, 7).run(source, 1, 2,
                    List.of(new DivergenceCheck(), new TrainingMetrics(optimization, source.samplesPerEpoch()),
                            TrainingListener.afterEachEpoch((epoch, metrics) -> {
                                losses.add(metrics.get("loss"));
                                // Writing a checkpoint between epochs must not stop the next epoch from learning.
                                for (var block : objective.checkpointBlocks().values()) {
                                    block.saveParameters(new java.io.DataOutputStream(
                                            new java.io.ByteArrayOutputStream()));
                                }
                            })));
            assertThat(losses).hasSize(2).allSatisfy(loss -> assertThat(loss).isFinite());
            // Every encoder parameter keeps its shape and stays finite, and training moved some of them.
            assertThat(snapshot(objective)).hasSameSizeAs(before).zipSatisfy(before, (after, was) -> {
                assertThat(after).hasSameSizeAs(was);
                assertThat(nonFinite(after)).as("non-finite values").isZero();
            });
            assertThat(changed(before, snapshot(objective))).isTrue();
            assertThat(optimization.globalStep()).isEqualTo(8);
        }
    }

    @ParameterizedTest
    @CsvSource({"simclr, audio-cnn, 128", "moco, audio-cnn, 128", "byol, audio-cnn, 128", "vicreg, audio-cnn, 128",
        "simclr, audio-resnet20, 64"})
    void contrastive_methods_train_the_audio_encoders_on_augmented_spectrogram_views(String method, String encoder,
            int features) throws Exception {
        int clip = 1_600;
        short[] pcm = new short[32 * clip];
        java.util.Random random = new java.util.Random(1);
        for (int i = 0; i < 32; i++) {
            double hz = 200 + 100 * (i % 8);
            for (int t = 0; t < clip; t++) {
                pcm[i * clip + t] = (short) (8000 * Math.sin(2 * Math.PI * hz * t / 8000) + 500 * random.nextGaussian());
            }
        }
        var data = new io.pretext.training.data.AudioData(new DatasetReader.Audio(32, 8_000, clip, pcm, new int[0],
                List.of(), "sha"));
        var settings = io.pretext.training.audio.LogMelSettings.defaults(8_000, clip);
        var frontEnd = new io.pretext.training.audio.LogMelFrontEnd(settings);
        Views views = Views.of(new io.pretext.training.audio.AudioAugmenter(
                io.pretext.training.audio.AudioViewTransform.preset("strong"), frontEnd),
                io.pretext.training.audio.AudioAugmenter.plain(frontEnd), new float[] {-2f}, new float[] {3f});
        JsonNode spec = JSON.readTree("""
                {"method": "%s", "temperature": 0.2, "queueSize": 64, "momentum": 0.9,
                 "optimizer": {"type": "adamw", "lr": 0.001, "weightDecay": 0.0001}}""".formatted(method));
        assertThat(TrainingMethods.get().method(method).orElseThrow().modalities())
                .contains(io.pretext.dataset.Modality.AUDIO);
        ai.djl.engine.Engine.getInstance().setRandomSeed(3);
        Objective objective = Methods.create(JSON.treeToValue(spec, PretrainSettings.class), encoder,
                settings.mels(), views);
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, new Shape(2, 1, settings.mels(), settings.frames()));
            List<float[]> before = snapshot(objective);
            Optimization optimization = new Optimization(objective.trainable(), new OptimizerSettings("adamw", 0.001,
                    0.0001, null), new LearningRateSchedule("warmup-cosine", 1e-3, 4), Set.of(), 1, 0);
            List<Double> losses = new ArrayList<>();
            BatchSource source = new ShuffledStream(data, IntStream.range(0, 32).toArray(), 16, 7, Stream.UNLABELED,
                    false);
            new EpochLoop(objective, optimization, new ChildControl(), manager, 7).run(source, 1, 2,
                    List.of(new DivergenceCheck(), new TrainingMetrics(optimization, source.samplesPerEpoch()),
                            TrainingListener.afterEachEpoch((epoch, metrics) -> losses.add(metrics.get("loss")))));
            assertThat(losses).hasSize(2).allSatisfy(loss -> assertThat(loss).isFinite());
            assertThat(changed(before, snapshot(objective))).isTrue();
            assertThat(objective.encoder().getOutputShapes(new Shape[] {new Shape(1, 1, settings.mels(),
                    settings.frames())})[0]).isEqualTo(new Shape(1, features));
        }
    }

    private static List<float[]> snapshot(Objective objective) {
        List<float[]> values = new ArrayList<>();
        for (Parameter p : objective.encoder().getParameters().values()) {
            values.add(p.getArray().toFloatArray());
        }
        return values;
    }

    private static long nonFinite(float[] values) {
        return IntStream.range(0, values.length).filter(i -> !Float.isFinite(values[i])).count();
    }

    private static boolean changed(List<float[]> before, List<float[]> after) {
        for (int i = 0; i < before.size(); i++) {
            if (!java.util.Arrays.equals(before.get(i), after.get(i))) {
                return true;
            }
        }
        return false;
    }
}
