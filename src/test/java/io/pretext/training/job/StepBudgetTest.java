package io.pretext.training.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pretext.dataset.DatasetReader;
import io.pretext.dataset.DatasetSplit;
import io.pretext.training.FinetuneSettings;
import io.pretext.training.LearningRates;
import io.pretext.training.OptimizerSettings;
import io.pretext.training.TinyImages;
import io.pretext.training.augment.BatchAugmenter;
import io.pretext.training.augment.ViewTransform;
import io.pretext.training.child.ChildControl;
import io.pretext.training.data.Batch;
import io.pretext.training.data.BatchSource;
import io.pretext.training.data.Stream;
import io.pretext.training.data.TrainingData;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.method.Classification;
import io.pretext.training.method.Views;
import org.junit.jupiter.api.Test;

class StepBudgetTest {

    private static final DatasetReader.Images DATA = TinyImages.squares(30, 1, 16, 3, 4);
    private static final DatasetSplit SPLIT = new DatasetSplit(IntStream.range(0, 24).toArray(),
            IntStream.range(24, 30).toArray());

    @Test
    void the_steps_are_cut_into_the_divisor_of_rounds_nearest_the_epochs() {
        assertThat(StepBudget.rounds(1000, 20)).isEqualTo(20);
        assertThat(StepBudget.rounds(750, 20)).isEqualTo(25);
        assertThat(StepBudget.rounds(997, 20)).as("a prime budget: one round").isEqualTo(1);
        assertThat(StepBudget.rounds(12, 20)).isEqualTo(12);
        assertThat(StepBudget.rounds(12, 4)).isEqualTo(4);
    }

    @Test
    void a_step_budget_runs_exactly_its_steps_and_a_resumed_run_continues_the_count_and_the_batches()
            throws Exception {
        FinetuneSettings spec = spec(15, 5);
        BatchSource source = SupervisedJob.source(spec, TrainingData.of(DATA), SPLIT, 9);
        assertThat(source.stepsPerEpoch()).isEqualTo(3);

        List<String> whole = new ArrayList<>();
        assertThat(train(source, 1, 5, 0, whole)).isEqualTo(15);

        List<String> resumed = new ArrayList<>();
        assertThat(train(SupervisedJob.source(spec, TrainingData.of(DATA), SPLIT, 9), 1, 2, 0, resumed))
                .isEqualTo(6);
        assertThat(train(SupervisedJob.source(spec, TrainingData.of(DATA), SPLIT, 9), 3, 5, 6, resumed))
                .as("the global step after resuming at round 3").isEqualTo(15);
        assertThat(resumed).hasSize(15).isEqualTo(whole);
    }

    @Test
    void batches_are_full_and_go_through_every_training_sample_before_repeating_one() {
        BatchSource source = SupervisedJob.source(spec(6, 2), TrainingData.of(DATA), SPLIT, 1);
        List<Float> labels = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int epoch = 1; epoch <= 2; epoch++) {
                for (int step = 0; step < source.stepsPerEpoch(); step++) {
                    try (Batch batch = source.batch(manager, epoch, step)) {
                        assertThat(batch.get(Stream.INPUTS).getShape()).isEqualTo(new Shape(8, 1, 16, 16));
                        for (float label : batch.get(Stream.LABELS).toFloatArray()) {
                            labels.add(label);
                        }
                    }
                }
            }
        }
        // 48 draws over 24 samples (8 per class): two whole passes, so each class exactly 16 times.
        for (float k = 0; k < 3; k++) {
            float label = k;
            assertThat(labels.stream().filter(l -> l == label).count()).isEqualTo(16);
        }
    }

    /** Trains rounds {@code first..last}, recording each step's labels; returns the final global step. */
    private static int train(BatchSource source, int first, int last, int firstStep, List<String> steps)
            throws Exception {
        Views views = new Views(new BatchAugmenter(ViewTransform.WEAK), new float[] {0.5f}, new float[] {0.25f});
        Classification objective = new Classification(Encoders.encoder("cnn-small", 16), Encoders.linearHead(3),
                views);
        BatchSource recording = new BatchSource() {
            @Override
            public int stepsPerEpoch() {
                return source.stepsPerEpoch();
            }

            @Override
            public int batchSize() {
                return source.batchSize();
            }

            @Override
            public int samplesPerEpoch() {
                return source.samplesPerEpoch();
            }

            @Override
            public Batch batch(NDManager manager, int epoch, int step) {
                Batch batch = source.batch(manager, epoch, step);
                steps.add(epoch + "/" + step + ":" + Arrays.toString(batch.get(Stream.LABELS).toFloatArray()));
                return batch;
            }
        };
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, new Shape(2, 1, 16, 16));
            Optimization optimization = new Optimization(objective.trainable(),
                    new OptimizerSettings("sgd", 0.01, 0.0, 0.9),
                    new LearningRateSchedule("warmup-cosine", 0.01, 15), Set.of(), 1, firstStep);
            new EpochLoop(objective, optimization, new ChildControl(), manager, 3).run(recording, first, last,
                    List.of(TrainingListener.afterEachEpoch((epoch, metrics) -> { })));
            return optimization.globalStep();
        }
    }

    private static FinetuneSettings spec(int steps, int epochs) {
        return new FinetuneSettings(null, null, 8, 0.2, "full", epochs, 8, new LearningRates(1e-3, 1e-4), "weak",
                new OptimizerSettings("sgd", 0.01, 0.0, 0.9), "warmup-cosine", null, null, null, steps, null, null);
    }
}
