package io.pretext.training;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.IntStream;

import ai.djl.engine.Engine;
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
import io.pretext.training.eval.BatchNormListener;
import io.pretext.training.eval.BatchNormRecalibration;
import io.pretext.training.eval.KnnListener;
import io.pretext.training.eval.KnnMonitor;
import io.pretext.training.loop.DivergenceCheck;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.loop.TrainingMetrics;
import io.pretext.training.method.Methods;
import io.pretext.training.method.Objective;
import io.pretext.training.method.Views;
import tools.jackson.databind.json.JsonMapper;

/**
 * The pretraining recipe measurement of issue 14 (a main, not a test): SimCLR ({@code probe.method}
 * names another image method, e.g. {@code vicreg}; {@code probe.temperature} applies to simclr) on the first
 * {@code probe.unlabeled} Fashion-MNIST training images, then per epoch the kNN accuracy (k = 200,
 * bank: the first 20,000 labeled training images, queries: the first 5,000 test images) with the
 * BatchNorm statistics training left and after recalibration on 5,000 clean images; before
 * training, raw standardised pixels and the random encoder. Settings by system property (see
 * {@link #main}). Prints one line per measurement.
 */
public final class RecipeProbe {

    private RecipeProbe() {
    }

    public static void main(String[] args) throws Exception {
        String encoder = System.getProperty("probe.encoder", "cnn-flat");
        String method = System.getProperty("probe.method", "simclr");
        int unlabeled = Integer.getInteger("probe.unlabeled", 60_000);
        int epochs = Integer.getInteger("probe.epochs", 3);
        int batch = Integer.getInteger("probe.batch", 256);
        double temperature = Double.parseDouble(System.getProperty("probe.temperature", "0.2"));
        double lr = Double.parseDouble(System.getProperty("probe.lr", "0.001"));
        double weightDecay = Double.parseDouble(System.getProperty("probe.wd", "0.0001"));
        String augmentation = System.getProperty("probe.aug", "strong");
        ViewTransform transform = ViewTransform.preset(augmentation, 28);
        if (System.getProperty("probe.crop") != null) {
            transform = transform.withMinCropArea(Double.parseDouble(System.getProperty("probe.crop")));
        }
        if (System.getProperty("probe.shift") != null) {
            transform = transform.withShiftAndErasing(Double.parseDouble(System.getProperty("probe.shift")),
                    Double.parseDouble(System.getProperty("probe.erase", "0")));
        }
        System.out.printf(Locale.ROOT, "probe method=%s encoder=%s unlabeled=%d epochs=%d batch=%d t=%.2f lr=%g wd=%g %s%n",
                method, encoder, unlabeled, epochs, batch, temperature, lr, weightDecay, transform);

        DatasetReader.Images train = FashionMnist.load("train", Math.max(unlabeled, 20_000));
        DatasetReader.Images test = FashionMnist.load("t10k", 5_000);
        int[] pool = IntStream.range(0, unlabeled).toArray();
        float[][] stats = Normalization.statistics(train.pixels(), 1, 28, 28, pool);
        Views views = new Views(new BatchAugmenter(transform), stats[0], stats[1]);
        var spec = JsonMapper.builder().build().readTree(String.format(Locale.ROOT,
                "{\"method\": \"%s\", \"temperature\": %s, \"optimizer\": {\"type\": \"adamw\"}}", method, temperature));
        Engine.getInstance().setRandomSeed(1);
        Objective objective = Methods.create(JsonMapper.builder().build().treeToValue(spec, PretrainSettings.class),
                encoder, 28, views);
        TrainingData data = TrainingData.of(train);
        KnnMonitor knn = new KnnMonitor(data, IntStream.range(0, 20_000).toArray(), TrainingData.of(test),
                IntStream.range(0, 5_000).toArray());
        int[] calibration = IntStream.range(0, Math.min(unlabeled, BatchNormRecalibration.SAMPLES)).toArray();
        long start = System.nanoTime();
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, new Shape(2, 1, 28, 28));
            KnnListener monitor = new KnnListener(knn, objective.encoder(), views, manager, 1, epochs);
            System.out.printf(Locale.ROOT, "epoch 0 random encoder (init stats) %.4f%n",
                    knn.accuracy(objective.encoder(), views, manager));
            BatchNormListener recalibration = new BatchNormListener(objective.encoder(), views, data, calibration,
                    manager);
            recalibration.onStart(1, 0);
            System.out.printf(Locale.ROOT, "epoch 0 %s (recalibrated encoder)%n", monitor.initial());
            int steps = ShuffledStream.stepsPerEpoch(unlabeled, batch) * epochs;
            Optimization optimization = new Optimization(objective.trainable(),
                    new OptimizerSettings("adamw", lr, weightDecay, null),
                    new LearningRateSchedule("warmup-cosine", lr, steps), Set.of(), 1, 0);
            BatchSource source = new ShuffledStream(data, pool, batch, 1, Stream.UNLABELED, false);
            new EpochLoop(objective, optimization, new ChildControl(), manager, 1).run(source, 1, epochs,
                    List.of(new DivergenceCheck(), new TrainingMetrics(optimization, source.samplesPerEpoch()),
                            TrainingListener.afterEachEpoch((epoch, metrics) -> metrics.put("knnTrainingStats",
                                    knn.accuracy(objective.encoder(), views, manager))),
                            recalibration, monitor,
                            TrainingListener.afterEachEpoch((epoch, metrics) -> System.out.printf(Locale.ROOT,
                                    "epoch %d %s minutes %.1f%n", epoch, metrics,
                                    (System.nanoTime() - start) / 6e10))));
        }
        System.exit(0);
    }
}
