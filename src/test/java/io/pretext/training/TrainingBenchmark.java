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

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.augment.BatchAugmenter;
import io.pretext.training.augment.ViewTransform;
import io.pretext.training.child.ChildControl;
import io.pretext.training.data.BatchSource;
import io.pretext.training.data.Normalization;
import io.pretext.training.data.ShuffledStream;
import io.pretext.training.data.Stream;
import io.pretext.training.data.TrainingData;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.method.Methods;
import io.pretext.training.method.Objective;
import io.pretext.training.method.Views;
import tools.jackson.databind.json.JsonMapper;

/**
 * The training throughput benchmark behind bench/training.sh (a main, not a test):
 * {@code loop} — Pretext's SimCLR pretraining loop (augmentation included) against a bare DJL
 * Trainer loop on the same model and batch with ready-made view tensors, in one run;
 * {@code augment} — strong-augmentation views/s at 32 and 96 px (run it with one thread);
 * {@code memory} — resident memory after each of 20 epochs of SimCLR. Prints one JSON object.
 */
public final class TrainingBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> result = switch (args[0]) {
            case "loop" -> loop(Integer.parseInt(args[1]));
            case "augment" -> augment();
            case "memory" -> memory(Integer.parseInt(args[1]));
            default -> throw new IllegalArgumentException(args[0]);
        };
        System.out.println(JSON.writeValueAsString(result));
        System.exit(0);
    }

    private static Views views(DatasetReader.Images data, ViewTransform transform) {
        float[][] stats = Normalization.statistics(data.pixels(), data.channels(), data.height(), data.width(),
                IntStream.range(0, data.numSamples()).toArray());
        return new Views(new BatchAugmenter(transform), stats[0], stats[1]);
    }

    /** Samples/s of Pretext's loop and of a bare DJL loop, alternating rounds, same model and batch. */
    static Map<String, Object> loop(int steps) throws Exception {
        int batch = 256;
        DatasetReader.Images data = FashionMnist.load("train", batch * steps);
        Views views = views(data, ViewTransform.strong(28));
        PretrainSettings settings = LoopComparison.simclr();
        Shape input = new Shape(2, 1, 28, 28);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("batch", batch);
        out.put("steps", steps);
        out.putAll(LoopComparison.rounds(3,
                () -> LoopComparison.pretextLoop(Methods.create(settings, "cnn-small", 28, views), input,
                        TrainingData.of(data), batch),
                () -> LoopComparison.bareLoop(Encoders.encoder("cnn-small", 28), input, TrainingData.of(data), views,
                        batch, steps)));
        return out;
    }

    /** Views/s of the strong preset on random 3-channel images at 32 and 96 px, batches of 256. */
    static Map<String, Object> augment() {
        Map<String, Object> out = new LinkedHashMap<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int size : new int[] {32, 96}) {
                BatchAugmenter augmenter = new BatchAugmenter(ViewTransform.strong(size));
                NDArray images = manager.randomUniform(0, 1, new Shape(256, 3, size, size));
                int batches = size == 32 ? 40 : 10;
                for (int warm = 0; warm < 2; warm++) {
                    try (NDManager step = manager.newSubManager()) {
                        augmenter.apply(step, images, new Random(warm)).toFloatArray();
                    }
                }
                long start = System.nanoTime();
                for (int b = 0; b < batches; b++) {
                    try (NDManager step = manager.newSubManager()) {
                        // toFloatArray forces the work to finish, as a data loader's output would be.
                        augmenter.apply(step, images, new Random(b)).toFloatArray();
                    }
                }
                out.put("viewsPerSecond" + size, batches * 256 / ((System.nanoTime() - start) / 1e9));
            }
        }
        return out;
    }

    /** Resident set size after each of {@code epochs} SimCLR epochs on 4,096 images. */
    static Map<String, Object> memory(int epochs) throws Exception {
        DatasetReader.Images data = FashionMnist.load("train", 4096);
        int[] all = IntStream.range(0, data.numSamples()).toArray();
        Views views = views(data, ViewTransform.strong(28));
        Objective objective = Methods.create(LoopComparison.simclr(), "cnn-small", 28, views);
        List<Long> rss = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, new Shape(2, 1, 28, 28));
            Optimization optimization = new Optimization(objective.trainable(), new OptimizerSettings("adamw", 1e-3, 0.0, null),
                    new LearningRateSchedule("warmup-cosine", 1e-3, 16 * epochs), Set.of(), 1, 0);
            BatchSource source = new ShuffledStream(TrainingData.of(data), all, 256, 1, Stream.UNLABELED, false);
            new EpochLoop(objective, optimization, new ChildControl(), manager, 1).run(source, 1, epochs,
                    List.of(TrainingListener.afterEachEpoch((epoch, metrics) -> rss.add(residentKb()))));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("rssKbPerEpoch", rss);
        out.put("growthEpoch2To" + epochs, (double) rss.get(epochs - 1) / rss.get(1) - 1);
        return out;
    }

    private static long residentKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        throw new IllegalStateException("no VmRSS");
    }
}
