package io.pretext.training.method;

import java.util.Set;

import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import io.pretext.dataset.Modality;
import io.pretext.training.PretrainSettings;
import io.pretext.training.encoder.Encoders;

/**
 * {@code vicreg}: VICReg's variance-invariance-covariance loss over two views, with a three-layer
 * expander of {@value #EXPANDER} units (the paper's 8,192 scaled to small encoders). No
 * method-specific settings. Immutable.
 */
public final class VicRegMethod implements ImageMethod {

    static final int EXPANDER = 1024;

    @Override
    public Set<Modality> modalities() {
        return ImageMethod.IMAGE_AND_AUDIO;
    }

    @Override
    public String name() {
        return "vicreg";
    }

    @Override
    public Objective objective(PretrainSettings spec, String encoderName, int height, Views views) {
        return new VicReg(Encoders.encoder(encoderName, height), expander(), views);
    }

    /** Linear-BatchNorm-ReLU twice, then a linear layer, all {@value #EXPANDER} wide. */
    static Block expander() {
        SequentialBlock block = new SequentialBlock();
        for (int layer = 0; layer < 2; layer++) {
            block.add(Linear.builder().setUnits(EXPANDER).build()).add(BatchNorm.builder().build())
                    .add(Activation::relu);
        }
        return block.add(Linear.builder().setUnits(EXPANDER).build());
    }
}
