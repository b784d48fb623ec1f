package io.pretext.dataset.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pretext.testing.Wavs;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    @Test
    void a_tone_below_both_nyquist_rates_comes_out_as_the_same_tone_at_the_new_rate() {
        float[] in = Wavs.sine(440, 0.5, 44_100, 0.5);

        float[] out = Resampler.resample(in, 44_100, 16_000);

        float[] expected = Wavs.sine(440, 0.5, 16_000, 0.5);
        assertThat(out).hasSize(expected.length);
        // Away from the edges, where the filter runs out of input.
        double worst = 0;
        for (int i = 100; i < out.length - 100; i++) {
            worst = Math.max(worst, Math.abs(out[i] - expected[i]));
        }
        assertThat(worst).isLessThan(0.01);
    }

    @Test
    void upsampling_keeps_the_tone_too() {
        float[] out = Resampler.resample(Wavs.sine(300, 0.8, 8_000, 0.25), 8_000, 16_000);

        float[] expected = Wavs.sine(300, 0.8, 16_000, 0.25);
        assertThat(out).hasSize(expected.length);
        for (int i = 100; i < out.length - 100; i++) {
            assertThat(Math.abs(out[i] - expected[i])).as("sample %d", i).isLessThan(0.01f);
        }
    }

    @Test
    void a_tone_above_the_new_nyquist_frequency_is_filtered_out_instead_of_aliasing() {
        float[] in = Wavs.sine(7_000, 0.5, 44_100, 0.5);

        float[] out = Resampler.resample(in, 44_100, 8_000);

        double rms = 0;
        for (int i = 100; i < out.length - 100; i++) {
            rms += out[i] * out[i];
        }
        rms = Math.sqrt(rms / (out.length - 200));
        // Unfiltered, the 7 kHz tone would alias to 1 kHz at RMS 0.35.
        assertThat(rms).isLessThan(0.01);
    }

    @Test
    void the_first_samples_alone_are_the_same_as_the_first_samples_of_the_whole() {
        float[] in = Wavs.sine(440, 0.5, 44_100, 2);

        float[] whole = Resampler.resample(in, 44_100, 16_000);
        float[] first = Resampler.resample(in, 44_100, 16_000, 8_000);

        assertThat(whole).hasSize(32_000);
        assertThat(first).containsExactly(java.util.Arrays.copyOf(whole, 8_000));
        assertThat(Resampler.resample(in, 44_100, 44_100, 100)).hasSize(100);
    }

    @Test
    void equal_rates_return_the_input() {
        float[] in = {1, 2, 3};

        assertThat(Resampler.resample(in, 16_000, 16_000)).isSameAs(in);
    }
}
