package io.pretext.training.method;

import io.pretext.training.PretrainSettings;
import io.pretext.training.encoder.Encoders;

/** {@code rotation}: rotation prediction, a linear head over the four quarter turns; no settings. Immutable. */
public final class RotationMethod implements ImageMethod {

    @Override
    public String name() {
        return "rotation";
    }

    @Override
    public Objective objective(PretrainSettings spec, String encoderName, int height, Views views) {
        return new RotationPrediction(Encoders.encoder(encoderName, height), Encoders.linearHead(4), views);
    }
}
