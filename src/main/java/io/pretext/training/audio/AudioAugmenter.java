package io.pretext.training.audio;

import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.pretext.training.augment.BatchTransform;

/**
 * One random audio view of each clip of a batch: shift, gain, noise and mixing on the waveforms,
 * then the log-mel front end, then SpecAugment masks — all batched on the batch's device. Steps
 * whose settings are zero are skipped. Thread-safe.
 */
public final class AudioAugmenter implements BatchTransform {

    private final AudioViewTransform transform;
    private final LogMelFrontEnd frontEnd;

    public AudioAugmenter(AudioViewTransform transform, LogMelFrontEnd frontEnd) {
        this.transform = transform;
        this.frontEnd = frontEnd;
    }

    /** The front end alone, without augmentation: the plain form of a batch of clips. */
    public static BatchTransform plain(LogMelFrontEnd frontEnd) {
        return (manager, clips, random) -> frontEnd.apply(manager, clips);
    }

    /**
     * @param clips {@code N x clipSamples} floats in [-1, 1]
     * @return {@code N x 1 x mels x frames} log-mel spectrograms
     */
    @Override
    public NDArray apply(NDManager manager, NDArray clips, Random random) {
        NDArray out = clips;
        int maxShift = (int) Math.round(transform.maxShiftSeconds() * frontEnd.settings().sampleRate());
        if (maxShift > 0) {
            out = WaveformAugment.shift(manager, out, maxShift, random);
        }
        if (transform.gainDb() > 0) {
            out = WaveformAugment.gain(manager, out, -transform.gainDb(), transform.gainDb(), random);
        }
        if (transform.mixProbability() > 0) {
            out = WaveformAugment.mix(manager, out, transform.maxMixWeight(), transform.mixProbability(), random);
        }
        if (transform.noiseProbability() > 0) {
            out = WaveformAugment.noise(manager, out, transform.minSnrDb(), transform.maxSnrDb(),
                    transform.noiseProbability(), random);
        }
        NDArray spectrograms = frontEnd.apply(manager, out);
        if (transform.masks() > 0) {
            spectrograms = SpecAugment.mask(manager, spectrograms, transform.masks(), transform.maxMaskBands(),
                    transform.maxMaskFrames(), random);
        }
        return spectrograms;
    }
}
