package io.pretext.dataset;

/**
 * Draws a clip as a small grayscale spectrogram for {@code samples.png}: log power of 512-sample
 * Hann-windowed frames, {@link #SIZE} frames evenly spread over the clip (left to right) and
 * {@link #SIZE} frequency bands (low at the bottom), scaled to the clip's own 80 dB range, loud
 * dark on light. Only a picture to check an upload by eye; training has its own front end.
 * Stateless.
 */
final class SpectrogramPicture {

    /** Width and height of the picture, in pixels. */
    static final int SIZE = 64;
    private static final int FRAME = 512;
    private static final double RANGE_DB = 80;

    private SpectrogramPicture() {
    }

    /**
     * @param pcm16le one clip as signed 16-bit little-endian samples
     * @return a {@code SIZE x SIZE} uint8 image (one channel, row-major)
     */
    static byte[] of(byte[] pcm16le) {
        int n = pcm16le.length / 2;
        double[][] db = new double[SIZE][SIZE];
        double max = -Double.MAX_VALUE;
        double[] re = new double[FRAME];
        double[] im = new double[FRAME];
        int bandWidth = FRAME / 2 / SIZE;
        for (int x = 0; x < SIZE; x++) {
            int start = (int) ((long) Math.max(0, n - FRAME) * x / (SIZE - 1));
            for (int i = 0; i < FRAME; i++) {
                int at = start + i;
                double sample = at < n ? (short) ((pcm16le[2 * at] & 0xFF) | (pcm16le[2 * at + 1] << 8)) / 32768.0 : 0;
                re[i] = sample * (0.5 - 0.5 * Math.cos(2 * Math.PI * i / FRAME));
                im[i] = 0;
            }
            fft(re, im);
            for (int band = 0; band < SIZE; band++) {
                double power = 1e-12;
                for (int k = band * bandWidth; k < (band + 1) * bandWidth; k++) {
                    power += re[k] * re[k] + im[k] * im[k];
                }
                db[band][x] = 10 * Math.log10(power);
                max = Math.max(max, db[band][x]);
            }
        }
        byte[] image = new byte[SIZE * SIZE];
        for (int band = 0; band < SIZE; band++) {
            for (int x = 0; x < SIZE; x++) {
                double level = Math.max(0, Math.min(1, (db[band][x] - max + RANGE_DB) / RANGE_DB));
                image[(SIZE - 1 - band) * SIZE + x] = (byte) Math.round(255 * (1 - level));
            }
        }
        return image;
    }

    /** In-place iterative radix-2 FFT; the length must be a power of two. */
    private static void fft(double[] re, double[] im) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int length = 2; length <= n; length <<= 1) {
            double angle = -2 * Math.PI / length;
            for (int i = 0; i < n; i += length) {
                for (int k = 0; k < length / 2; k++) {
                    double wr = Math.cos(angle * k);
                    double wi = Math.sin(angle * k);
                    int a = i + k;
                    int b = a + length / 2;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
    }
}
