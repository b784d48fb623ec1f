package io.pretext.training.job;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pretext.dataset.DatasetReader;
import io.pretext.training.FashionMnist;
import io.pretext.training.OptimizerSettings;
import io.pretext.training.augment.BatchAugmenter;
import io.pretext.training.augment.RandAugment;
import io.pretext.training.augment.ViewTransform;
import io.pretext.training.child.ChildControl;
import io.pretext.training.data.BatchSource;
import io.pretext.training.data.Normalization;
import io.pretext.training.data.SampledStream;
import io.pretext.training.data.ShuffledStream;
import io.pretext.training.data.Stream;
import io.pretext.training.data.TrainingData;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.method.Classification;
import io.pretext.training.method.FixMatch;
import io.pretext.training.method.Objective;
import io.pretext.training.method.Views;

/**
 * Throughput of FixMatch against plain supervised training at the same labeled batch B
 * (cnn-small, Fashion-MNIST): rounds of {@code steps} steps alternate between the two in one
 * process, so the ratio is fair on a busy machine; plus strong views/s against weak views/s.
 * {@code java ... FixMatchBenchmark [B] [mu] [steps] [rounds]}.
 */
public final class FixMatchBenchmark {

    private FixMatchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int mu = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        DatasetReader.Images images = FashionMnist.load("train", 10_000);
        TrainingData data = TrainingData.of(images);
        int[] all = IntStream.range(0, images.numSamples()).toArray();
        float[][] stats = Normalization.statistics(images.pixels(), 1, 28, 28, all);
        Views views = Views.of(stats[0], stats[1], new BatchAugmenter(ViewTransform.WEAK),
                new BatchAugmenter(ViewTransform.WEAK, RandAugment.FIXMATCH));
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            augmentation(manager, data, views, batch * mu);
            Objective fixmatch = new FixMatch(Encoders.encoder("cnn-small", 28), Encoders.linearHead(10),
                    Encoders.encoder("cnn-small", 28), Encoders.linearHead(10), views, 0.95, 1, 0.999,
                    (long) steps * rounds);
            Objective supervised = new Classification(Encoders.encoder("cnn-small", 28), Encoders.linearHead(10),
                    views);
            BatchSource fixmatchSource = new FixMatchSource(data, all, data, all, batch, mu, steps, 1);
            BatchSource supervisedSource = new ShuffledStream(data, all, batch, 1, Stream.INPUTS, true);
            for (Objective o : List.of(fixmatch, supervised)) {
                o.initialize(manager, new Shape(2, 1, 28, 28));
            }
            Optimization fixmatchOptimization = optimization(fixmatch, steps * rounds);
            Optimization supervisedOptimization = optimization(supervised, steps * rounds);
            for (int round = 1; round <= rounds; round++) {
                double f = stepsPerSecond(fixmatch, fixmatchOptimization, fixmatchSource, manager, steps);
                double s = stepsPerSecond(supervised, supervisedOptimization, supervisedSource, manager, steps);
                System.out.printf("round %d, B %d, mu %d: fixmatch %.3f steps/s, supervised %.3f steps/s,"
                        + " ratio %.3f%n", round, batch, mu, f, s, f / s);
            }
        }
    }

    private static Optimization optimization(Objective objective, int total) {
        return new Optimization(objective.trainable(), new OptimizerSettings("sgd", 0.03, 5e-4, 0.9),
                new LearningRateSchedule("cosine", 0.03, total), Set.of(), 1, 0);
    }

    /** Steps of one "epoch" of {@code steps} steps (the supervised source's first steps). */
    private static double stepsPerSecond(Objective objective, Optimization optimization, BatchSource source,
            NDManager manager, int steps) throws Exception {
        BatchSource limited = new BatchSource() {
            @Override
            public int stepsPerEpoch() {
                return steps;
            }

            @Override
            public int batchSize() {
                return source.batchSize();
            }

            @Override
            public int samplesPerEpoch() {
                return steps * source.batchSize();
            }

            @Override
            public io.pretext.training.data.Batch batch(NDManager m, int epoch, int step) {
                return source.batch(m, epoch, step);
            }
        };
        long began = System.nanoTime();
        new EpochLoop(objective, optimization, new ChildControl(), manager, 1).run(limited, 1, 1, List.of());
        return steps / ((System.nanoTime() - began) / 1e9);
    }

    private static void augmentation(NDManager manager, TrainingData data, Views views, int n) {
        SampledStream stream = new SampledStream(data, IntStream.range(0, data.size()).toArray(), n, 1);
        Random random = new Random(1);
        for (int round = 0; round < 3; round++) {
            try (NDManager m = manager.newSubManager()) {
                var batch = stream.batch(m, round);
                long t0 = System.nanoTime();
                for (int i = 0; i < 5; i++) {
                    views.view(0, m, batch, random);
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < 5; i++) {
                    views.view(1, m, batch, random);
                }
                long t2 = System.nanoTime();
                System.out.printf("views/s at %d images: weak %.0f, strong %.0f%n", n, 5.0 * n / ((t1 - t0) / 1e9),
                        5.0 * n / ((t2 - t1) / 1e9));
            }
        }
    }
}
