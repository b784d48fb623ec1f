package io.pretext.training;

import ai.djl.nn.SequentialBlock;
import io.pretext.training.method.Byol;
import io.pretext.training.method.MoCo;
import io.pretext.training.method.Objective;
import io.pretext.training.method.RotationPrediction;
import io.pretext.training.method.SimClr;
import io.pretext.training.method.Views;
import tools.jackson.databind.JsonNode;

/**
 * Builds a pretraining method from a spec's pretrain section: the encoder by name, the method's
 * heads (projection MLPs of 512 hidden units and 128 outputs, as SimCLR/MoCo v2/BYOL at small
 * scale) and its loss settings. Stateless.
 */
final class Methods {

    static final int HIDDEN = 512;
    static final int PROJECTION = 128;

    private Methods() {
    }

    static Objective create(JsonNode spec, String encoderName, int height, Views views) {
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
