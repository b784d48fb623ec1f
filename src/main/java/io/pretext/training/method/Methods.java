package io.pretext.training.method;

import ai.djl.nn.SequentialBlock;
import io.pretext.training.encoder.Encoders;
import tools.jackson.databind.JsonNode;

/**
 * Builds a pretraining method from a spec's pretrain section: the encoder by name, the method's
 * heads (projection MLPs of 512 hidden units and 128 outputs, as SimCLR/MoCo v2/BYOL at small
 * scale) and its loss settings. Stateless.
 */
public final class Methods {

    public static final int HIDDEN = 512;
    public static final int PROJECTION = 128;

    private Methods() {
    }

    public static Objective create(JsonNode spec, String encoderName, int height, Views views) {
        String method = spec.get("method").asString();
        SequentialBlock encoder = Encoders.encoder(encoderName, height);
        return switch (method) {
            case "simclr" -> new SimClr(encoder, Encoders.mlp(HIDDEN, PROJECTION),
                    spec.path("temperature").asDouble(0.2), views);
            case "moco" -> new MoCo(encoder, Encoders.mlp(HIDDEN, PROJECTION),
                    new SequentialBlock().add(Encoders.encoder(encoderName, height)).add(Encoders.mlp(HIDDEN, PROJECTION)),
                    spec.path("temperature").asDouble(0.2), spec.path("queueSize").asInt(4096),
                    spec.path("momentum").asDouble(0.99), views);
            case "byol" -> new Byol(encoder, Encoders.mlp(HIDDEN, PROJECTION), Encoders.mlp(HIDDEN, PROJECTION),
                    new SequentialBlock().add(Encoders.encoder(encoderName, height)).add(Encoders.mlp(HIDDEN, PROJECTION)),
                    spec.path("momentum").asDouble(0.99), views);
            case "rotation" -> new RotationPrediction(encoder, Encoders.linearHead(4), views);
            default -> throw new UnsupportedOperationException("pretraining method " + method
                    + " does not apply to images");
        };
    }
}
