package io.pretext.training.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The DJL front end against a reference computed here, independently, with a direct DFT in doubles. */
class LogMelFrontEndTest {

    @Test
    void matches_a_direct_dft_reference_to_1e_4() {
        LogMelSettings settings = LogMelSettings.defaults(16_000, 4_000);
        float[][] clips = {signal(1, 440, 16_000, 4_000), signal(2, 3_000, 16_000, 4_000)};

        float[] actual;
        try (NDManager manager = NDManager.newBaseManager()) {
            float[] flat = new float[2 * 4_000];
            System.arraycopy(clips[0], 0, flat, 0, 4_000);
            System.arraycopy(clips[1], 0, flat, 4_000, 4_000);
            var out = new LogMelFrontEnd(settings).apply(manager, manager.create(flat, new Shape(2, 4_000)));
            assertThat(out.getShape()).isEqualTo(new Shape(2, 1, settings.mels(), settings.frames()));
            actual = out.toFloatArray();
        }

        double worst = 0;
        int frames = settings.frames();
        for (int c = 0; c < 2; c++) {
            double[][] expected = reference(clips[c], settings);
            for (int m = 0; m < settings.mels(); m++) {
                for (int t = 0; t < frames; t++) {
                    double got = actual[(c * settings.mels() + m) * frames + t];
                    worst = Math.max(worst, Math.abs(got - expected[m][t]));
                }
            }
        }
        System.out.printf("log-mel front end vs direct DFT: worst absolute difference %.3g%n", worst);
        assertThat(settings.window()).isEqualTo(400);
        assertThat(settings.hop()).isEqualTo(160);
        assertThat(settings.fftSize()).isEqualTo(512);
        assertThat(frames).isEqualTo(23);
        assertThat(worst).isLessThan(1e-4);
    }

    @Test
    void a_pure_tone_is_loudest_in_the_band_around_its_frequency() {
        LogMelSettings settings = LogMelSettings.defaults(16_000, 1_600);
        float[] tone = new float[1_600];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 1_000 * i / 16_000));
        }
        float[] out;
        try (NDManager manager = NDManager.newBaseManager()) {
            out = new LogMelFrontEnd(settings).apply(manager, manager.create(tone, new Shape(1, 1_600))).toFloatArray();
        }
        int loudest = 0;
        for (int m = 1; m < settings.mels(); m++) {
            if (out[m * settings.frames()] > out[loudest * settings.frames()]) {
                loudest = m;
            }
        }
        double mel = 2595 * Math.log10(1 + 1_000 / 700.0);
        double lo = 2595 * Math.log10(1 + 20 / 700.0);
        double hi = 2595 * Math.log10(1 + 8_000 / 700.0);
        int expectedBand = (int) Math.round((mel - lo) / (hi - lo) * (settings.mels() + 1)) - 1;
        assertThat(loudest).isBetween(expectedBand - 1, expectedBand + 1);
    }

    /** Two tones and seeded noise: every band well above the log floor. */
    private static float[] signal(long seed, double hz, int rate, int n) {
        Random random = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.4 * Math.sin(2 * Math.PI * hz * i / rate) + 0.2 * Math.sin(2 * Math.PI * 97.0 * i / rate)
                    + 0.1 * random.nextGaussian());
        }
        return x;
    }

    /** Textbook definition: Hann-windowed frames, zero-padded DFT, HTK triangular filters, natural log. */
    private static double[][] reference(float[] x, LogMelSettings s) {
        int bins = s.fftSize() / 2 + 1;
        int frames = 1 + (x.length - s.window()) / s.hop();
        double[] edges = new double[s.mels() + 2];
        double lo = 2595 * Math.log10(1 + s.fMin() / 700);
        double hi = 2595 * Math.log10(1 + s.fMax() / 700);
        for (int i = 0; i < edges.length; i++) {
            edges[i] = 700 * (Math.pow(10, (lo + (hi - lo) * i / (s.mels() + 1)) / 2595) - 1);
        }
        double[][] out = new double[s.mels()][frames];
        for (int t = 0; t < frames; t++) {
            double[] power = new double[bins];
            for (int k = 0; k < bins; k++) {
                double re = 0;
                double im = 0;
                for (int j = 0; j < s.window(); j++) {
                    double v = x[t * s.hop() + j] * (0.5 - 0.5 * Math.cos(2 * Math.PI * j / s.window()));
                    re += v * Math.cos(2 * Math.PI * k * j / s.fftSize());
                    im -= v * Math.sin(2 * Math.PI * k * j / s.fftSize());
                }
                power[k] = re * re + im * im;
            }
            for (int m = 0; m < s.mels(); m++) {
                double sum = 0;
                for (int k = 0; k < bins; k++) {
                    double f = (double) k * s.sampleRate() / s.fftSize();
                    double weight = Math.max(0, Math.min((f - edges[m]) / (edges[m + 1] - edges[m]),
                            (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1])));
                    sum += weight * power[k];
                }
                out[m][t] = Math.log(sum + s.floor());
            }
        }
        return out;
    }
}
