package io.pretext.training.method;

import io.pretext.dataset.Modality;
import io.pretext.training.PretrainSettings;
import io.pretext.training.PretrainingMethod;
import io.pretext.training.text.TransformerSettings;

/** A pretraining method for texts: builds its objective for a transformer of the given shape. */
public interface TextMethod extends PretrainingMethod {

    @Override
    default Modality modality() {
        return Modality.TEXT;
    }

    /**
     * A fresh, uninitialised objective.
     *
     * @param spec the job's pretrain section, defaults filled in
     * @param settings the encoder's shape, with the trained tokenizer's vocabulary size
     */
    Objective objective(PretrainSettings spec, TransformerSettings settings);
}
