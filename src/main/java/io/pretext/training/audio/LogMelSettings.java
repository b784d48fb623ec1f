package io.pretext.training.audio;

/**
 * How clips become log-mel spectrograms, recorded in the model card so serving computes exactly
 * what training did. Frame {@code t} covers samples {@code [t·hop, t·hop + window)} (no centring,
 * no padding) under a periodic Hann window; its power spectrum is the squared magnitude of the
 * {@code fftSize}-point DFT (the frame zero-padded), {@code fftSize/2 + 1} bins; {@code mels}
 * triangular filters spaced evenly on the HTK mel scale between {@code fMin} and {@code fMax}
 * (unnormalised peaks of 1) sum the bins; the output is {@code ln(mel power + floor)}.
 * Immutable; exposed with {@code ModelCard}, whose {@code audio} it is, so that serving reads
 * the clip format a model takes.
 *
 * @param sampleRate clip sample rate in Hz
 * @param clipSamples samples per clip
 * @param window window length in samples (default 25 ms)
 * @param hop hop between frames in samples (default 10 ms)
 * @param fftSize DFT length, at least {@code window}
 * @param mels mel bands (the spectrogram's height)
 * @param fMin lowest filter edge in Hz
 * @param fMax highest filter edge in Hz, at most {@code sampleRate / 2}
 * @param floor added to the mel power before the logarithm
 */
@org.springframework.modulith.NamedInterface("audio")
public record LogMelSettings(int sampleRate, int clipSamples, int window, int hop, int fftSize, int mels, double fMin,
        double fMax, double floor) {

    /** Default mel bands. */
    public static final int MELS = 40;

    public LogMelSettings {
        if (window < 2 || hop < 1 || fftSize < window || clipSamples < window) {
            throw new IllegalArgumentException("need 2 <= window <= fftSize, window <= clipSamples and hop >= 1; got "
                    + "window " + window + ", fftSize " + fftSize + ", clip " + clipSamples + ", hop " + hop);
        }
        if (mels < 1 || fMin < 0 || fMax <= fMin || fMax > sampleRate / 2.0) {
            throw new IllegalArgumentException("need mels >= 1 and 0 <= fMin < fMax <= sampleRate/2");
        }
    }

    /**
     * The defaults for a clip format: 25 ms Hann windows every 10 ms, the next power of two as DFT
     * length, {@link #MELS} bands from 20 Hz to the Nyquist frequency, floor 1e-6 (speech-commands
     * practice).
     */
    public static LogMelSettings defaults(int sampleRate, int clipSamples) {
        int window = Math.max(2, Math.round(sampleRate * 0.025f));
        int hop = Math.max(1, Math.round(sampleRate * 0.010f));
        int fft = Integer.highestOneBit(window - 1) << 1;
        return new LogMelSettings(sampleRate, clipSamples, window, hop, fft, MELS, 20, sampleRate / 2.0, 1e-6);
    }

    /** Spectrogram frames per clip (its width). */
    public int frames() {
        return 1 + (clipSamples - window) / hop;
    }

    /** DFT bins kept ({@code fftSize / 2 + 1}). */
    public int bins() {
        return fftSize / 2 + 1;
    }
}
