package io.pretext.training.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import ai.djl.ndarray.types.Shape;
import io.pretext.dataset.DatasetSplit;
import io.pretext.training.ChildEvent;
import io.pretext.training.FinetuneSettings;
import io.pretext.training.LearningRates;
import io.pretext.training.OptimizerSettings;
import io.pretext.training.TinyImages;
import io.pretext.training.augment.BatchAugmenter;
import io.pretext.training.augment.ViewTransform;
import io.pretext.training.child.ChildControl;
import io.pretext.training.data.TrainingData;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.method.Views;
import org.junit.jupiter.api.Test;

class RateScreenTest {

    @Test
    void a_screening_scores_its_best_validation_accuracy_and_a_diverging_candidate_zero() throws Exception {
        TrainingData data = TrainingData.of(TinyImages.squares(60, 1, 16, 3, 2));
        DatasetSplit split = new DatasetSplit(IntStream.range(0, 45).toArray(), IntStream.range(45, 60).toArray());
        Supervision setup = new Supervision(data, split, null,
                new Views(new BatchAugmenter(ViewTransform.WEAK), new float[] {0.5f}, new float[] {0.25f}),
                new Shape(2, 1, 16, 16), null, Map.of(), () -> Encoders.encoder("cnn-small", 16));
        FinetuneSettings spec = new FinetuneSettings(null, null, 15, 0.25, "full", 4, 16,
                new LearningRates(0.05, 0.05), "weak", new OptimizerSettings("sgd", 0.05, 0.0, 0.9), "constant",
                null, null, null, 24, null, null);
        List<ChildEvent.Progress> reports = new ArrayList<>();
        var source = SupervisedJob.source(spec, data, split, 3);
        RateScreen screen = new RateScreen(3, new ChildControl(), spec, setup, source, 2,
                RateScreen.Start.AS_INITIALISED, 1.0, new RateScreen.Reporting(reports::add, 1, 30));

        double trained = screen.validationAccuracy(new RateGrid.Candidate(0.05, 0));
        // A NaN rate makes every weight NaN after the first step, so the second step's loss is NaN.
        double diverged = screen.validationAccuracy(new RateGrid.Candidate(Double.NaN, 0));

        assertThat(trained).isGreaterThan(1.0 / 3);
        assertThat(diverged).isZero();
        // Each screen reports at its first step at least, named (one planned, so the second is beyond the
        // grid's edge), and counts the run after it in the time left.
        assertThat(reports).extracting(ChildEvent.Progress::phase).contains(
                "rate grid: screen 1 of 1 (lr=0.05, wd=0)", "rate grid: screen 2, beyond the grid's edge (lr=NaN, wd=0)");
        ChildEvent.Progress first = reports.get(0);
        assertThat(first.epochs()).isEqualTo(2);
        long stepsLeft = (long) (2 * source.stepsPerEpoch() - 1) + 30;
        assertThat(first.etaSeconds() * first.samplesPerSecond() / (source.samplesPerEpoch()
                / (double) source.stepsPerEpoch())).isCloseTo(stepsLeft, org.assertj.core.api.Assertions.within(1e-6));
    }
}
