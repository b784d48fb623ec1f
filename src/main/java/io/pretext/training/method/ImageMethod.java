package io.pretext.training.method;

import io.pretext.dataset.Modality;
import io.pretext.training.PretrainSettings;
import io.pretext.training.PretrainingMethod;

/** A pretraining method for images: builds its objective for an encoder architecture and the views it trains on. */
public interface ImageMethod extends PretrainingMethod {

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
