package io.pretext.training.method;

import java.util.Set;

import io.pretext.dataset.Modality;
import io.pretext.training.PretrainSettings;
import io.pretext.training.PretrainingMethod;

/**
 * A pretraining method for images (and, for the methods that say so in {@link #modalities()},
 * audio spectrograms, which reach it as one-channel images): builds its objective for an encoder
 * architecture and the views it trains on.
 */
public interface ImageMethod extends PretrainingMethod {

    /** The modalities of a method that applies to audio spectrograms as well as images. */
    Set<Modality> IMAGE_AND_AUDIO = Set.of(Modality.IMAGE, Modality.AUDIO);

    @Override
    default Modality modality() {
        return Modality.IMAGE;
    }

    /**
     * A fresh, uninitialised objective.
     *
     * @param spec the job's pretrain section, defaults filled in
     * @param encoderName an image encoder name (see {@code Encoders.encoder})
     * @param height the images' height in pixels
     * @param views the augmented, normalised views of a batch
     */
    Objective objective(PretrainSettings spec, String encoderName, int height, Views views);
}
