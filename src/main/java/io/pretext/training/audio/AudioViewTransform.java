package io.pretext.training.audio;

/**
 * The settings of an audio view: waveform augmentations before the front end, SpecAugment after.
 * Immutable.
 *
 * @param maxShiftSeconds largest time shift either way
 * @param gainDb largest gain change either way, in dB
 * @param noiseProbability chance that a clip gets white noise
 * @param minSnrDb lowest signal-to-noise ratio of that noise
 * @param maxSnrDb highest signal-to-noise ratio of that noise
 * @param mixProbability chance that a clip gets another clip of the batch mixed in
 * @param maxMixWeight largest weight of the mixed-in clip
 * @param masks frequency masks and time masks per spectrogram (each)
 * @param maxMaskBands widest frequency mask, in mel bands
 * @param maxMaskFrames widest time mask, in frames
 */
public record AudioViewTransform(double maxShiftSeconds, double gainDb, double noiseProbability, double minSnrDb,
        double maxSnrDb, double mixProbability, double maxMixWeight, int masks, int maxMaskBands, int maxMaskFrames) {

    /**
     * {@code strong} (contrastive pretraining: shift ±0.1 s, gain ±6 dB, noise at 5–30 dB SNR with
     * p 0.8, mixing up to 0.3 with p 0.5, two masks of up to 8 bands and 10 frames, as in the
     * SpecAugment and COLA recipes at small scale), {@code weak} (finetuning: shift ±0.05 s, gain
     * ±3 dB) or {@code none}.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static AudioViewTransform preset(String name) {
        return switch (name) {
            case "strong" -> new AudioViewTransform(0.1, 6, 0.8, 5, 30, 0.5, 0.3, 2, 8, 10);
            case "weak" -> new AudioViewTransform(0.05, 3, 0, 0, 0, 0, 0, 0, 0, 0);
            case "none" -> new AudioViewTransform(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            default -> throw new IllegalArgumentException("unknown augmentation " + name);
        };
    }
}
