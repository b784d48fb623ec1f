package io.pretext.training.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import io.pretext.dataset.DatasetReader;
import io.pretext.dataset.DatasetSplit;
import org.junit.jupiter.api.Test;

/** The audio {@code pixels} floor: logistic regression on raw log-mel spectrograms. */
class LogMelBaselineTest {

    static final int RATE = 8000;
    static final int CLIP = 2000;
    static final double[] TONES = {300, 1100, 2600};

    @Test
    void tones_of_three_pitches_in_noise_are_told_apart_from_their_spectrograms_but_not_from_the_wrong_format() {
        DatasetReader.Audio train = tones(90, 1);
        DatasetReader.Audio test = tones(30, 2);
        DatasetSplit split = new DatasetSplit(IntStream.range(0, 60).toArray(), IntStream.range(60, 90).toArray());

        LogMelBaseline floor = LogMelBaseline.fit(train, split);
        int[] predicted = floor.predict(test);

        int correct = 0;
        for (int i = 0; i < predicted.length; i++) {
            correct += predicted[i] == test.labels()[i] ? 1 : 0;
        }
        assertThat(correct).as("the tones' bands differ; chance is 10 of 30").isGreaterThanOrEqualTo(27);
        assertThat(floor.validationAccuracy()).isGreaterThan(0.8);
        assertThat(floor.summary()).containsEntry("features", 40 * (1 + (CLIP - 200) / 80))
                .containsEntry("trainSamples", 60);
        DatasetReader.Audio other = new DatasetReader.Audio(1, 16000, 4000, new short[4000], new int[] {0},
                List.of("a", "b", "c"), "x");
        assertThatThrownBy(() -> floor.predict(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("16000 Hz");
    }

    /** Clips of a tone (class = which of {@link #TONES}) at a random phase and level, in white noise. */
    static DatasetReader.Audio tones(int n, long seed) {
        Random random = new Random(seed);
        short[] pcm = new short[n * CLIP];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % TONES.length;
            double phase = random.nextDouble() * 2 * Math.PI;
            double level = 0.1 + 0.4 * random.nextDouble();
            for (int t = 0; t < CLIP; t++) {
                double v = level * Math.sin(2 * Math.PI * TONES[labels[i]] * t / RATE + phase)
                        + 0.05 * random.nextGaussian();
                pcm[i * CLIP + t] = (short) Math.max(-32768, Math.min(32767, Math.round(v * 32767)));
            }
        }
        return new DatasetReader.Audio(n, RATE, CLIP, pcm, labels, List.of("low", "mid", "high"), "test");
    }
}
