package io.pretext.training.method;

import io.pretext.training.PretrainSettings;
import io.pretext.training.PretrainingMethod;
import io.pretext.training.TrainingMethods;
import io.pretext.training.text.TransformerSettings;

/**
 * Builds the objective of a spec's pretrain section with the method the registry
 * ({@link TrainingMethods}) holds under its {@code method} name. The projection MLPs of the
 * contrastive methods have 512 hidden units and 128 outputs, as SimCLR/MoCo v2/BYOL at small
 * scale. Stateless.
 */
public final class Methods {

    public static final int HIDDEN = 512;
    public static final int PROJECTION = 128;

    private Methods() {
    }

    /** @throws UnsupportedOperationException when the method is unknown or not an image method */
    public static Objective create(PretrainSettings spec, String encoderName, int height, Views views) {
        if (definition(spec) instanceof ImageMethod method) {
            return method.objective(spec, encoderName, height, views);
        }
        throw notFor(spec, "images");
    }

    /** @throws UnsupportedOperationException when the method is unknown or not a text method */
    public static Objective create(PretrainSettings spec, TransformerSettings settings) {
        if (definition(spec) instanceof TextMethod method) {
            return method.objective(spec, settings);
        }
        throw notFor(spec, "texts");
    }

    private static PretrainingMethod definition(PretrainSettings spec) {
        return TrainingMethods.get().method(spec.method()).orElse(null);
    }

    private static UnsupportedOperationException notFor(PretrainSettings spec, String modality) {
        return new UnsupportedOperationException("pretraining method " + spec.method()
                + " does not apply to " + modality);
    }
}
