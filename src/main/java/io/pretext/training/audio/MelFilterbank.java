package io.pretext.training.audio;

/**
 * The triangular mel filters of {@link LogMelSettings}: HTK mel scale
 * ({@code 2595 · log10(1 + f / 700)}), {@code mels + 2} points evenly spaced in mel between
 * {@code fMin} and {@code fMax}, filter {@code m} rising from point {@code m} to a peak of 1 at
 * point {@code m + 1} and falling to point {@code m + 2}, evaluated at each DFT bin's frequency
 * {@code k · sampleRate / fftSize}. Stateless.
 */
public final class MelFilterbank {

    private MelFilterbank() {
    }

    /** Weights as a row-major {@code mels x bins} matrix. */
    public static float[] weights(LogMelSettings s) {
        int bins = s.bins();
        double lo = mel(s.fMin());
        double hi = mel(s.fMax());
        double[] edges = new double[s.mels() + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = hz(lo + (hi - lo) * i / (s.mels() + 1));
        }
        float[] w = new float[s.mels() * bins];
        for (int m = 0; m < s.mels(); m++) {
            for (int k = 0; k < bins; k++) {
                double f = (double) k * s.sampleRate() / s.fftSize();
                double rising = (f - edges[m]) / (edges[m + 1] - edges[m]);
                double falling = (edges[m + 2] - f) / (edges[m + 2] - edges[m + 1]);
                w[m * bins + k] = (float) Math.max(0, Math.min(rising, falling));
            }
        }
        return w;
    }

    static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    static double hz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }
}
