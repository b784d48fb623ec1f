package io.pretext.training.method;

import java.util.Map;

import ai.djl.nn.SequentialBlock;
import io.pretext.training.encoder.Encoders;
import tools.jackson.databind.JsonNode;

/**
 * {@code moco}: MoCo v2, a momentum key encoder and a queue of negatives; temperature 0.2, a
 * queue of 4096 keys and momentum 0.99 by default. Immutable.
 */
public final class MoCoMethod implements ImageMethod {

    static final int QUEUE_SIZE = 4096;
    static final double MOMENTUM = 0.99;

    @Override
    public String name() {
        return "moco";
    }

    @Override
    public Map<String, Object> defaults() {
        return Map.of("temperature", SimClrMethod.TEMPERATURE, "queueSize", QUEUE_SIZE, "momentum", MOMENTUM);
    }

    @Override
    public Objective objective(JsonNode spec, String encoderName, int height, Views views) {
        return new MoCo(Encoders.encoder(encoderName, height), Encoders.mlp(Methods.HIDDEN, Methods.PROJECTION),
                new SequentialBlock().add(Encoders.encoder(encoderName, height))
                        .add(Encoders.mlp(Methods.HIDDEN, Methods.PROJECTION)),
                spec.path("temperature").asDouble(SimClrMethod.TEMPERATURE), spec.path("queueSize").asInt(QUEUE_SIZE),
                spec.path("momentum").asDouble(MOMENTUM), views);
    }
}
