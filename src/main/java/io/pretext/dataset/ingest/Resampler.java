package io.pretext.dataset.ingest;

/**
 * Changes a signal's sample rate by band-limited interpolation: each output sample is the input
 * convolved with a Hann-windowed sinc of {@link #ZERO_CROSSINGS} zero crossings a side, its cutoff
 * at the lower of the two Nyquist frequencies (so downsampling filters out what would alias).
 * Direct evaluation, {@code O(out × taps)}: tens of milliseconds for a second of audio.
 * Stateless and thread-safe.
 */
public final class Resampler {

    /** Zero crossings of the sinc on each side of the centre: the filter's half length. */
    static final int ZERO_CROSSINGS = 16;

    private Resampler() {
    }

    /**
     * @param in samples at {@code fromRate} Hz
     * @return the same signal at {@code toRate} Hz, {@code round(in.length * toRate / fromRate)} samples
     *     ({@code in} itself when the rates are equal)
     */
    public static float[] resample(float[] in, int fromRate, int toRate) {
        return resample(in, fromRate, toRate, Integer.MAX_VALUE);
    }

    /**
     * The first {@code maxOut} samples of {@link #resample(float[], int, int)}, at the cost of those
     * alone (a clip cut from a long file costs the clip, not the file).
     */
    public static float[] resample(float[] in, int fromRate, int toRate, int maxOut) {
        if (fromRate == toRate) {
            return in.length <= maxOut ? in : java.util.Arrays.copyOf(in, maxOut);
        }
        int outLength = (int) Math.min(maxOut, Math.round((double) in.length * toRate / fromRate));
        float[] out = new float[outLength];
        double step = (double) fromRate / toRate;
        // Cutoff as a fraction of the input's Nyquist frequency.
        double cutoff = Math.min(1.0, (double) toRate / fromRate);
        double halfWidth = ZERO_CROSSINGS / cutoff;
        for (int i = 0; i < outLength; i++) {
            double centre = i * step;
            int first = Math.max(0, (int) Math.ceil(centre - halfWidth));
            int last = Math.min(in.length - 1, (int) Math.floor(centre + halfWidth));
            double sum = 0;
            for (int j = first; j <= last; j++) {
                double d = j - centre;
                sum += in[j] * cutoff * sinc(cutoff * d) * hann(d / halfWidth);
            }
            out[i] = (float) sum;
        }
        return out;
    }

    private static double sinc(double x) {
        return x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    }

    /** The Hann window over [-1, 1]. */
    private static double hann(double x) {
        return Math.abs(x) >= 1 ? 0 : 0.5 + 0.5 * Math.cos(Math.PI * x);
    }
}
