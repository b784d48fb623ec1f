package io.pretext.training.method;

import java.util.Map;
import java.util.Set;

import ai.djl.nn.SequentialBlock;
import io.pretext.dataset.Modality;
import io.pretext.training.JobPayload;
import io.pretext.training.PretrainSettings;
import io.pretext.training.encoder.Encoders;

/** {@code byol}: BYOL, an online network with a predictor against a momentum target; momentum 0.99 by default. Immutable. */
public final class ByolMethod implements ImageMethod {

    @Override
    public Set<Modality> modalities() {
        return ImageMethod.IMAGE_AND_AUDIO;
    }

    @Override
    public String name() {
        return "byol";
    }

    @Override
    public Map<String, Object> defaults() {
        return Map.of("momentum", MoCoMethod.MOMENTUM);
    }

    @Override
    public Objective objective(PretrainSettings spec, String encoderName, int height, Views views) {
        return new Byol(Encoders.encoder(encoderName, height), Encoders.mlp(Methods.HIDDEN, Methods.PROJECTION),
                Encoders.mlp(Methods.HIDDEN, Methods.PROJECTION),
                new SequentialBlock().add(Encoders.encoder(encoderName, height))
                        .add(Encoders.mlp(Methods.HIDDEN, Methods.PROJECTION)),
                JobPayload.required(spec.momentum(), "pretrain.momentum"), views);
    }
}
