package io.pretext.dataset.ingest;

/**
 * Turns a WAV file into a dataset's canonical clip: decoded ({@link WavDecoder}), mixed to mono,
 * resampled to the dataset's rate ({@link Resampler}), cut to its first {@code clipSamples} samples
 * or padded with silence at the end, and quantised to signed 16-bit PCM. Training, evaluation and
 * inference all read clips in this one form, so a WAV sent to a model is exactly what a dataset
 * entry would have been. Immutable, thread-safe; exposed to inference.
 *
 * @param sampleRate the canonical rate in Hz ({@link #MIN_TARGET_RATE} to {@link #MAX_TARGET_RATE})
 * @param clipSamples samples per clip, {@code sampleRate × duration}
 * @param maxSourceSeconds longest source file accepted, in seconds
 */
@org.springframework.modulith.NamedInterface("audio")
public record AudioClips(int sampleRate, int clipSamples, double maxSourceSeconds) {

    public static final int DEFAULT_RATE = 16_000;
    public static final int DEFAULT_DURATION_MS = 1_000;
    public static final int MIN_TARGET_RATE = 4_000;
    public static final int MAX_TARGET_RATE = 48_000;
    public static final int MIN_DURATION_MS = 100;
    public static final int MAX_DURATION_MS = 10_000;
    /** Source files longer than this are refused, whatever the clip duration. */
    public static final double MAX_SOURCE_SECONDS = 60;

    public AudioClips {
        if (sampleRate < MIN_TARGET_RATE || sampleRate > MAX_TARGET_RATE) {
            throw new IllegalArgumentException("sample rate " + sampleRate + " Hz is out of range");
        }
        if (clipSamples < 1) {
            throw new IllegalArgumentException("clipSamples must be positive");
        }
    }

    /** A rate and a duration in milliseconds. */
    public static AudioClips of(int sampleRate, int durationMs) {
        return new AudioClips(sampleRate, (int) ((long) sampleRate * durationMs / 1000), MAX_SOURCE_SECONDS);
    }

    /** 16 kHz, 1 s. */
    public static AudioClips defaults() {
        return of(DEFAULT_RATE, DEFAULT_DURATION_MS);
    }

    /**
     * @throws WavDecoder.WavException (an {@link IllegalArgumentException}) saying what is wrong with {@code wav}
     */
    public short[] canonical(byte[] wav) {
        WavDecoder.Clip clip = WavDecoder.decode(wav, maxSourceSeconds);
        // Only the clip's own samples are computed: a long file must not cost its whole length.
        float[] resampled = Resampler.resample(clip.samples(), clip.sampleRate(), sampleRate, clipSamples);
        short[] pcm = new short[clipSamples];
        for (int i = 0; i < Math.min(clipSamples, resampled.length); i++) {
            pcm[i] = toPcm16(resampled[i]);
        }
        return pcm;
    }

    /** Whether {@code bytes} start like a WAV file ({@code RIFF....WAVE}); null is not. */
    public static boolean isWav(byte[] bytes) {
        return bytes != null && WavDecoder.isWav(bytes);
    }

    /** Rounds to the nearest 16-bit level, clipping what the resampler's ripple pushes past full scale. */
    static short toPcm16(float v) {
        return (short) Math.max(-32768, Math.min(32767, Math.round(v * 32768f)));
    }
}
