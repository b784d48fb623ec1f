package io.pretext.training.method;

import java.util.Map;
import java.util.Set;

import ai.djl.nn.SequentialBlock;
import io.pretext.dataset.Modality;
import io.pretext.training.JobPayload;
import io.pretext.training.PretrainSettings;
import io.pretext.training.encoder.Encoders;

/**
 * {@code moco}: MoCo v2, a momentum key encoder and a queue of negatives; temperature 0.2, a
 * queue of 4096 keys and momentum 0.99 by default. Immutable.
 */
public final class MoCoMethod implements ImageMethod {

    static final int QUEUE_SIZE = 4096;
    static final double MOMENTUM = 0.99;

    @Override
    public Set<Modality> modalities() {
        return ImageMethod.IMAGE_AND_AUDIO;
    }

    @Override
    public String name() {
        return "moco";
    }

    @Override
    public Map<String, Object> defaults() {
        return Map.of("temperature", SimClrMethod.TEMPERATURE, "queueSize", QUEUE_SIZE, "momentum", MOMENTUM);
    }

    @Override
    public Objective objective(PretrainSettings spec, String encoderName, int height, Views views) {
        return new MoCo(Encoders.encoder(encoderName, height), Encoders.mlp(Methods.HIDDEN, Methods.PROJECTION),
                new SequentialBlock().add(Encoders.encoder(encoderName, height))
                        .add(Encoders.mlp(Methods.HIDDEN, Methods.PROJECTION)),
                JobPayload.required(spec.temperature(), "pretrain.temperature"),
                JobPayload.required(spec.queueSize(), "pretrain.queueSize"),
                JobPayload.required(spec.momentum(), "pretrain.momentum"), views);
    }
}
