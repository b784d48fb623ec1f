package io.pretext.training.method;

import java.util.Map;
import java.util.Set;

import io.pretext.dataset.Modality;
import io.pretext.training.JobPayload;
import io.pretext.training.PretrainSettings;
import io.pretext.training.encoder.Encoders;

/** {@code simclr}: SimCLR's NT-Xent over two views, temperature 0.2 by default (small-scale recipe). Immutable. */
public final class SimClrMethod implements ImageMethod {

    static final double TEMPERATURE = 0.2;

    @Override
    public Set<Modality> modalities() {
        return ImageMethod.IMAGE_AND_AUDIO;
    }

    @Override
    public String name() {
        return "simclr";
    }

    @Override
    public Map<String, Object> defaults() {
        return Map.of("temperature", TEMPERATURE);
    }

    @Override
    public Objective objective(PretrainSettings spec, String encoderName, int height, Views views) {
        return new SimClr(Encoders.encoder(encoderName, height), Encoders.mlp(Methods.HIDDEN, Methods.PROJECTION),
                JobPayload.required(spec.temperature(), "pretrain.temperature"), views);
    }
}
