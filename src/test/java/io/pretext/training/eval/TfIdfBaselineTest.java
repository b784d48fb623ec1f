package io.pretext.training.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.pretext.dataset.DatasetReader;
import io.pretext.dataset.DatasetSplit;
import io.pretext.dataset.DatasetSplitter;
import io.pretext.dataset.SplitSpec;
import io.pretext.training.text.TfIdfVectorizer;
import org.junit.jupiter.api.Test;

class TfIdfBaselineTest {

    private static final List<List<String>> TOPICS = List.of(
            List.of("library", "bindings", "python", "module", "runtime", "development"),
            List.of("font", "glyphs", "typeface", "script", "truetype", "opentype"),
            List.of("game", "player", "levels", "puzzle", "arcade", "multiplayer"));
    private static final List<String> FILLER = List.of("the", "a", "for", "with", "and", "this", "package");

    @Test
    void tells_topics_apart_from_their_words_and_subwords() {
        DatasetReader.Texts train = texts(150, new Random(1));
        DatasetReader.Texts test = texts(90, new Random(2));
        DatasetSplit split = DatasetSplitter.split(train.labels(), 3, new SplitSpec(null, 10, 0.2, 4));

        TfIdfBaseline floor = TfIdfBaseline.fit(train, split, TfIdfVectorizer.Settings.DEFAULT);

        int[] predicted = floor.predict(test.texts());
        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == test.labels()[i] ? 1 : 0;
        }
        assertThat(correct / (double) predicted.length).isGreaterThan(0.9);
        assertThat(floor.summary()).containsEntry("trainSamples", 30).containsEntry("validationSamples", 30);
        assertThat(floor.validationAccuracy()).isBetween(0.0, 1.0);
    }

    @Test
    void the_sparse_probe_keeps_the_strength_most_accurate_on_validation_the_smaller_on_ties() {
        DatasetReader.Texts train = texts(60, new Random(3));
        TfIdfVectorizer tfidf = TfIdfVectorizer.fit(train.texts(), TfIdfVectorizer.Settings.DEFAULT);
        List<SparseVector> rows = train.texts().stream().map(tfidf::transform).toList();

        SparseLogisticProbe probe = SparseLogisticProbe.fit(rows.subList(0, 30), java.util.Arrays.copyOf(train.labels(), 30),
                rows.subList(30, 60), java.util.Arrays.copyOfRange(train.labels(), 30, 60), tfidf.dimension(),
                SparseLogisticProbe.DEFAULT_GRID);

        double best = java.util.Collections.max(probe.validationAccuracy().values());
        double firstBest = probe.validationAccuracy().entrySet().stream().filter(e -> e.getValue() == best)
                .findFirst().orElseThrow().getKey();
        assertThat(probe.c()).isEqualTo(firstBest);
        assertThat(probe.validationAccuracy()).hasSize(SparseLogisticProbe.DEFAULT_GRID.length);
    }

    /** Short "descriptions": two topic words (one inflected) among filler words. */
    private static DatasetReader.Texts texts(int n, Random random) {
        List<String> texts = new ArrayList<>();
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 3;
            List<String> words = new ArrayList<>();
            for (int w = 0; w < 6; w++) {
                words.add(FILLER.get(random.nextInt(FILLER.size())));
            }
            List<String> topic = TOPICS.get(labels[i]);
            words.add(random.nextInt(words.size()), topic.get(random.nextInt(topic.size())));
            words.add(random.nextInt(words.size()), topic.get(random.nextInt(topic.size())) + "s");
            texts.add(String.join(" ", words));
        }
        return new DatasetReader.Texts(texts, labels, List.of("libs", "fonts", "games"), "t");
    }
}
