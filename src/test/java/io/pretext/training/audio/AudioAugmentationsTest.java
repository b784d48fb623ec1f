package io.pretext.training.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each batched audio augmentation against the invariant that defines it. */
class AudioAugmentationsTest {

    private static final int N = 6;
    private static final int T = 800;

    private final NDManager manager = NDManager.newBaseManager();
    private final float[] clips = clips();

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void shift_moves_each_clip_by_at_most_max_shift_and_fills_with_silence() {
        float[] out = WaveformAugment.shift(manager, batch(), 40, new Random(1)).toFloatArray();

        boolean someMoved = false;
        for (int i = 0; i < N; i++) {
            int shift = findShift(clips, out, i, 40);
            assertThat(shift).as("clip %d is a shifted copy", i).isNotEqualTo(Integer.MIN_VALUE);
            someMoved |= shift != 0;
        }
        assertThat(someMoved).isTrue();
    }

    @Test
    void a_shift_as_long_as_the_clip_leaves_silence() {
        float[] out = WaveformAugment.shift(manager, batch(), T + 100, new Random(8)).toFloatArray();

        boolean someSilent = false;
        for (int i = 0; i < N; i++) {
            int shift = findShift(clips, out, i, T + 100);
            assertThat(shift).as("clip %d is a shifted copy", i).isNotEqualTo(Integer.MIN_VALUE);
            someSilent |= Math.abs(shift) >= T;
        }
        assertThat(someSilent).isTrue();
    }

    @Test
    void gain_scales_each_clip_by_one_factor_within_the_range() {
        float[] out = WaveformAugment.gain(manager, batch(), -6, 6, new Random(2)).toFloatArray();

        for (int i = 0; i < N; i++) {
            double factor = out[i * T + 10] / clips[i * T + 10];
            assertThat(20 * Math.log10(factor)).isBetween(-6.0, 6.0);
            for (int t = 0; t < T; t++) {
                assertThat((double) out[i * T + t]).isCloseTo(clips[i * T + t] * factor, within(1e-5));
            }
        }
    }

    @Test
    void noise_is_added_at_a_signal_to_noise_ratio_within_the_range() {
        float[] out = WaveformAugment.noise(manager, batch(), 10, 20, 1.0, new Random(3)).toFloatArray();

        for (int i = 0; i < N; i++) {
            double signal = 0;
            double noise = 0;
            for (int t = 0; t < T; t++) {
                double x = clips[i * T + t];
                signal += x * x;
                noise += (out[i * T + t] - x) * (out[i * T + t] - x);
            }
            assertThat(10 * Math.log10(signal / noise)).as("SNR of clip %d", i).isBetween(10 - 1e-3, 20 + 1e-3);
        }
    }

    @Test
    void noise_with_probability_zero_changes_nothing() {
        float[] out = WaveformAugment.noise(manager, batch(), 10, 20, 0.0, new Random(3)).toFloatArray();

        assertThat(out).containsExactly(clips);
    }

    @Test
    void mixing_adds_a_bounded_multiple_of_another_clip_of_the_batch() {
        float[] out = WaveformAugment.mix(manager, batch(), 0.3, 1.0, new Random(4)).toFloatArray();

        for (int i = 0; i < N; i++) {
            boolean explained = false;
            for (int j = 0; j < N && !explained; j++) {
                if (j == i) {
                    continue;
                }
                // The residual out - in must be w * clip j for one w in [0, 0.3].
                double w = (out[i * T + 5] - clips[i * T + 5]) / clips[j * T + 5];
                boolean fits = w >= -1e-6 && w <= 0.3 + 1e-6;
                for (int t = 0; t < T && fits; t++) {
                    fits = Math.abs(out[i * T + t] - clips[i * T + t] - w * clips[j * T + t]) < 1e-4;
                }
                explained = fits;
            }
            assertThat(explained).as("clip %d is itself plus a multiple of another clip", i).isTrue();
        }
    }

    @Test
    void spec_augment_masks_whole_bands_and_frames_with_the_spectrogram_mean_and_keeps_the_rest() {
        int mels = 20;
        int frames = 30;
        float[] spectra = new float[N * mels * frames];
        Random random = new Random(5);
        for (int i = 0; i < spectra.length; i++) {
            spectra[i] = (float) random.nextGaussian();
        }
        NDArray input = manager.create(spectra, new Shape(N, 1, mels, frames));
        float[] means = input.reshape(N, -1).mean(new int[] {1}).toFloatArray();

        float[] out = SpecAugment.mask(manager, input, 2, 5, 7, new Random(6)).toFloatArray();

        int masksSeen = 0;
        for (int i = 0; i < N; i++) {
            int maskedBands = 0;
            for (int m = 0; m < mels; m++) {
                int masked = 0;
                for (int t = 0; t < frames; t++) {
                    int at = (i * mels + m) * frames + t;
                    // (x - mean) + mean may differ from x in the last bit; that cell is kept, not masked.
                    if (Math.abs(out[at] - spectra[at]) > 1e-5) {
                        assertThat(out[at]).isCloseTo(means[i], within(1e-5f));
                        masked++;
                    }
                }
                maskedBands += masked == frames ? 1 : 0;
            }
            assertThat(maskedBands).as("fully masked bands of %d", i).isLessThanOrEqualTo(2 * 5);
            masksSeen += maskedBands;
        }
        assertThat(masksSeen).as("some band was masked").isPositive();
    }

    @Test
    void the_none_preset_is_the_front_end_alone() {
        LogMelFrontEnd frontEnd = new LogMelFrontEnd(LogMelSettings.defaults(8_000, T));
        NDArray plain = frontEnd.apply(manager, batch());

        NDArray view = new AudioAugmenter(AudioViewTransform.preset("none"), frontEnd).apply(manager, batch(),
                new Random(7));

        assertThat(view.toFloatArray()).containsExactly(plain.toFloatArray());
    }

    @Test
    void the_same_seed_and_engine_seed_give_the_same_strong_view_and_another_engine_seed_other_noise() {
        AudioAugmenter strong = new AudioAugmenter(AudioViewTransform.preset("strong"),
                new LogMelFrontEnd(LogMelSettings.defaults(8_000, T)));

        float[] first = strongView(strong, 11, 3);
        float[] again = strongView(strong, 11, 3);
        float[] otherNoise = strongView(strong, 11, 4);

        assertThat(again).containsExactly(first);
        assertThat(otherNoise).isNotEqualTo(first);
    }

    private float[] strongView(AudioAugmenter strong, long seed, int engineSeed) {
        Engine.getInstance().setRandomSeed(engineSeed);
        return strong.apply(manager, batch(), new Random(seed)).toFloatArray();
    }

    private NDArray batch() {
        return manager.create(clips, new Shape(N, T));
    }

    private static float[] clips() {
        float[] x = new float[N * T];
        Random random = new Random(0);
        for (int i = 0; i < N; i++) {
            double hz = 100 + 150 * i;
            for (int t = 0; t < T; t++) {
                x[i * T + t] = (float) (0.3 * Math.sin(2 * Math.PI * hz * t / 8000) + 0.05 * random.nextGaussian());
            }
        }
        return x;
    }

    /** The shift s with out[t] = in[t - s] (0 outside), or MIN_VALUE when none in [-max, max] fits. */
    private static int findShift(float[] in, float[] out, int clip, int max) {
        for (int s = -max; s <= max; s++) {
            boolean fits = true;
            for (int t = 0; t < T && fits; t++) {
                int from = t - s;
                float expected = from >= 0 && from < T ? in[clip * T + from] : 0f;
                fits = out[clip * T + t] == expected;
            }
            if (fits) {
                return s;
            }
        }
        return Integer.MIN_VALUE;
    }
}
