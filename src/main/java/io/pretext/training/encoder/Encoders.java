package io.pretext.training.encoder;

import java.util.List;

import ai.djl.basicmodelzoo.cv.classification.ResNetV1;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import io.pretext.training.ModelCard;

/** Encoder and head blocks by the names specs use. Stateless. */
public final class Encoders {

    /** The image encoders {@link #encoder(String, int)} builds, the default first. */
    public static final List<String> NAMES = List.of("cnn-small", "cnn-flat", "resnet20", "resnet32", "resnet18");

    /** The audio encoders {@link #encoder(String, int)} builds (over log-mel spectrograms), the default first. */
    public static final List<String> AUDIO_NAMES = List.of("audio-cnn", "audio-resnet20");

    /** Features of {@code cnn-flat}. */
    static final int FLAT_FEATURES = 512;

    private Encoders() {
    }

    /**
     * A fresh, uninitialised encoder mapping {@code N x C x H x W} images to {@code N x features}.
     * Input channels are inferred at initialisation; {@code height} picks the ResNet layout.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static SequentialBlock encoder(String name, int height) {
        return switch (name) {
            case "cnn-small" -> smallCnn();
            case "cnn-flat" -> flatCnn();
            // CIFAR-style 3-stage 6n+2 ResNets: ResNetV1 picks that layout for images up to 28 px;
            // the convolutions and global pooling work on any size, so 32 px inputs use it too.
            case "resnet20" -> withoutClassifier(20, 28);
            case "resnet32" -> withoutClassifier(32, 28);
            case "resnet18" -> withoutClassifier(18, Math.max(32, height));
            case "audio-cnn" -> audioCnn();
            // ResNet-20's three residual stages (16, 32, 64 filters) over the 1 x mels x frames
            // log-mel image: convolutions and global pooling work on any size. 64 features, about
            // 0.27 M parameters and 5x the multiply-adds of audio-cnn at 40 x 98.
            case "audio-resnet20" -> withoutClassifier(20, 28);
            default -> throw new IllegalArgumentException("unknown image encoder " + name);
        };
    }

    /** Same as {@link #encoder(String, int)}, with the size of the card or dataset at hand. */
    public static SequentialBlock encoder(String name, ModelCard card) {
        return encoder(name, card.height());
    }

    private static SequentialBlock withoutClassifier(int layers, int height) {
        SequentialBlock resnet = ResNetV1.builder().setImageShape(new Shape(3, height, height)).setNumLayers(layers)
                .setOutSize(1).build();
        // ResNetV1 ends with global pooling, flatten, the classifier and a flatten: drop the last two.
        resnet.removeLastBlock();
        resnet.removeLastBlock();
        return resnet;
    }

    private static SequentialBlock smallCnn() {
        // Three conv stages (32, 64, 128 filters) and global average pooling: 128 features, fast on CPU.
        SequentialBlock block = new SequentialBlock();
        for (int filters : new int[] {32, 64, 128}) {
            block.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                            .setFilters(filters).build())
                    .add(BatchNorm.builder().build())
                    .add(Activation::relu);
            if (filters < 128) {
                block.add(Pool.maxPool2dBlock(new Shape(2, 2)));
            }
        }
        return block.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
    }

    private static SequentialBlock audioCnn() {
        // Four 3x3 conv stages (32, 64, 128, 128 filters) over a 1 x mels x frames log-mel image,
        // the first three halving both axes, then global average pooling: 128 features. About
        // 0.26 M parameters and 60 M multiply-adds for 40 x 98, fast on a CPU.
        SequentialBlock block = new SequentialBlock();
        int[] filters = {32, 64, 128, 128};
        for (int stage = 0; stage < filters.length; stage++) {
            SequentialBlock conv = new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                            .setFilters(filters[stage]).optBias(false).build())
                    .add(BatchNorm.builder().build())
                    .add(Activation::relu);
            if (stage < filters.length - 1) {
                conv.add(Pool.maxPool2dBlock(new Shape(2, 2)));
            }
            // Each stage is one top-level layer, so gradual unfreezing sees four stages.
            block.add(conv);
        }
        return block.add(Pool.globalAvgPool2dBlock()).add(Blocks.batchFlattenBlock());
    }

    private static SequentialBlock flatCnn() {
        // Two conv stages, then flatten: unlike global pooling, the linear layer sees where each
        // feature is, which a centred 28 px dataset's classes depend on. Each stage is its own
        // top-level layer, so gradual unfreezing has conv1, conv2 and the dense layer as stages.
        SequentialBlock block = new SequentialBlock();
        for (int filters : new int[] {32, 64}) {
            block.add(new SequentialBlock()
                    .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1))
                            .setFilters(filters).optBias(false).build())
                    .add(BatchNorm.builder().build())
                    .add(Activation::relu)
                    .add(Pool.maxPool2dBlock(new Shape(2, 2))));
        }
        return block.add(Blocks.batchFlattenBlock())
                .add(new SequentialBlock().add(Linear.builder().setUnits(FLAT_FEATURES).optBias(false).build())
                        .add(BatchNorm.builder().build())
                        .add(Activation::relu));
    }

    /** A linear classification head with {@code outputs} logits. */
    public static Block linearHead(int outputs) {
        return Linear.builder().setUnits(outputs).build();
    }

    /** A two-layer MLP head (Linear, BatchNorm, ReLU, Linear), as SimCLR/MoCo v2/BYOL projectors. */
    public static Block mlp(int hidden, int outputs) {
        return new SequentialBlock().add(Linear.builder().setUnits(hidden).build())
                .add(BatchNorm.builder().build())
                .add(Activation::relu)
                .add(Linear.builder().setUnits(outputs).build());
    }
}
