package io.pretext.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.pretext.training.child.ChildControl;
import io.pretext.training.data.BatchSource;
import io.pretext.training.data.ShuffledStream;
import io.pretext.training.data.Stream;
import io.pretext.training.data.TrainingData;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.loop.TrainingMetrics;
import io.pretext.training.loss.NtXentLoss;
import io.pretext.training.method.Methods;
import io.pretext.training.method.Objective;
import io.pretext.training.method.Views;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the contrastive loop benchmarks (TrainingBenchmark, AudioTrainingBenchmark) share: one epoch of
 * Pretext's loop, a bare DJL Trainer loop on view pairs made before the clock starts, and the
 * alternating rounds that compare them. Both loops use AdamW at a constant 1e-3 and temperature 0.2.
 */
final class LoopComparison {

    static final double TEMPERATURE = 0.2;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private LoopComparison() {
    }

    /** The pretrain section both loops match: SimCLR at {@link #TEMPERATURE} with AdamW. */
    static PretrainSettings simclr() {
        return JSON.convertValue(Map.of("method", "simclr", "temperature", TEMPERATURE,
                "optimizer", Map.of("type", "adamw")), PretrainSettings.class);
    }

    /**
     * Samples/s of one epoch of Pretext's loop (EpochLoop, our Optimization, data loading, views
     * drawn per step) over every sample of {@code data}.
     */
    static double pretextLoop(Objective objective, Shape inputShape, TrainingData data, int batch) throws Exception {
        Engine.getInstance().setRandomSeed(1);
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, inputShape);
            Optimization optimization = new Optimization(objective.trainable(), new OptimizerSettings("adamw", 1e-3, 0.0, null),
                    new LearningRateSchedule("constant", 1e-3, 1), Set.of(), 1, 0);
            double[] rate = new double[1];
            BatchSource source = new ShuffledStream(data, IntStream.range(0, data.size()).toArray(), batch, 1,
                    Stream.UNLABELED, false);
            new EpochLoop(objective, optimization, new ChildControl(), manager, 1).run(source, 1, 1,
                    List.of(new TrainingMetrics(optimization, source.samplesPerEpoch()),
                            TrainingListener.afterEachEpoch((epoch, metrics) -> rate[0] = metrics.get("samplesPerSecond"))));
            return rate[0];
        }
    }

    /**
     * Samples/s of DJL's own Trainer and AdamW on {@code encoder} plus the projection MLP with NT-Xent,
     * fed the two views of each of {@code steps} batches of {@code data}, drawn (and normalised) before
     * timing: no augmentation, no data loading, nothing of ours inside the timed loop but the loss.
     */
    static double bareLoop(SequentialBlock encoder, Shape inputShape, TrainingData data, Views views, int batch,
            int steps) throws Exception {
        Engine.getInstance().setRandomSeed(1);
        Block network = new SequentialBlock().add(encoder).add(Encoders.mlp(Methods.HIDDEN, Methods.PROJECTION));
        NtXentLoss ntXent = new NtXentLoss((float) TEMPERATURE);
        Loss loss = new Loss("nt-xent") {
            @Override
            public NDArray evaluate(NDList labels, NDList predictions) {
                NDArray z = predictions.singletonOrThrow();
                long n = z.getShape().get(0) / 2;
                return ntXent.evaluate(z.get("0:" + n), z.get(n + ":"));
            }
        };
        try (Model model = Model.newInstance("bare")) {
            model.setBlock(network);
            DefaultTrainingConfig config = new DefaultTrainingConfig(loss)
                    .optOptimizer(Optimizer.adamW().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(inputShape);
                NDManager manager = trainer.getManager();
                int[] all = IntStream.range(0, data.size()).toArray();
                List<NDArray> ready = new ArrayList<>();
                for (int step = 0; step < steps; step++) {
                    // Intermediates of the views (clips, spectra) go with the sub-manager; the pair stays.
                    try (NDManager scratch = manager.newSubManager()) {
                        NDArray inputs = data.batch(scratch, all, step * batch, (step + 1) * batch);
                        Random random = new Random(step);
                        NDArray pair = NDArrays.concat(new NDList(views.view(0, scratch, inputs, random),
                                views.view(1, scratch, inputs, random)));
                        pair.attach(manager);
                        ready.add(pair);
                    }
                }
                long start = System.nanoTime();
                for (NDArray pair : ready) {
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray value = trainer.getLoss().evaluate(new NDList(), trainer.forward(new NDList(pair)));
                        collector.backward(value);
                        value.getFloat();
                    }
                    trainer.step();
                }
                return (double) steps * batch / ((System.nanoTime() - start) / 1e9);
            }
        }
    }

    /**
     * {@code rounds} alternating rounds of each loop (ours first): samples/s per round as
     * {@code pretextSamplesPerSecond} and {@code bareSamplesPerSecond}, and {@code ratioOfBest}.
     */
    static Map<String, Object> rounds(int rounds, Callable<Double> ours, Callable<Double> bare) throws Exception {
        List<Double> oursRates = new ArrayList<>();
        List<Double> bareRates = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            oursRates.add(ours.call());
            bareRates.add(bare.call());
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("pretextSamplesPerSecond", oursRates);
        out.put("bareSamplesPerSecond", bareRates);
        out.put("ratioOfBest", oursRates.stream().mapToDouble(d -> d).max().orElseThrow()
                / bareRates.stream().mapToDouble(d -> d).max().orElseThrow());
        return out;
    }
}
