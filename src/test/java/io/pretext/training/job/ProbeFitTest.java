package io.pretext.training.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pretext.dataset.DatasetReader;
import io.pretext.dataset.DatasetSplit;
import io.pretext.training.TinyImages;
import io.pretext.training.augment.BatchAugmenter;
import io.pretext.training.augment.ViewTransform;
import io.pretext.training.data.TrainingData;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.eval.Evaluation;
import io.pretext.training.eval.LogisticProbe;
import io.pretext.training.loop.GradMode;
import io.pretext.training.method.Classification;
import io.pretext.training.method.Views;
import io.pretext.training.ops.Forward;
import org.junit.jupiter.api.Test;

class ProbeFitTest {

    private static final DatasetReader.Images DATA = TinyImages.squares(90, 1, 16, 3, 8);

    @Test
    void the_head_classifies_exactly_as_the_fitted_probe_and_beats_chance() {
        TrainingData data = TrainingData.of(DATA);
        DatasetSplit split = new DatasetSplit(IntStream.range(0, 60).toArray(), IntStream.range(60, 90).toArray());
        // Strong augmentation in the views: the probe must not see it (features come from plain inputs).
        Views views = new Views(new BatchAugmenter(ViewTransform.preset("strong", 16)), new float[] {0.4f}, new float[] {0.3f});
        Engine.getInstance().setRandomSeed(5);
        Classification objective = new Classification(Encoders.encoder("cnn-small", 16), Encoders.linearHead(3),
                views);
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, new Shape(2, 1, 16, 16));

            LogisticProbe probe = ProbeFit.fitInto(objective, views, data, split, manager);

            float[][] features = ProbeFit.features(objective.encoder(), views, manager, data, split.train());
            GradMode.off();
            NDArray logits = Forward.inference(objective.network(), manager,
                    views.plain(manager, data.batch(manager, split.train(), 0, split.train().length)));
            long[] heads = logits.argMax(1).toLongArray();
            List<Integer> probes = IntStream.range(0, features.length).mapToObj(i -> probe.predict(features[i]))
                    .toList();
            assertThat(IntStream.range(0, heads.length).mapToObj(i -> (int) heads[i]).toList()).isEqualTo(probes);
            assertThat(Evaluation.accuracy(objective.network(), views, manager, data, split.validation(), 64))
                    .isGreaterThan(0.6);
        }
    }
}
