package io.pretext.training.method;

import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.loss.Loss;
import io.pretext.training.PretrainSettings;
import io.pretext.training.data.Batch;
import io.pretext.training.data.Stream;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.ops.Forward;

/**
 * A method that exists only in test code, registered by one line in
 * {@code src/test/resources/META-INF/services/io.pretext.training.PretrainingMethod}: a linear head
 * predicts whether each view was flipped upside down. Weak augmentation by default, so that tests
 * can see a definition's default reach the stored spec.
 */
public final class ToyFlipMethod implements ImageMethod {

    public static final String NAME = "toy-flip";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String defaultAugmentation() {
        return "weak";
    }

    @Override
    public Objective objective(PretrainSettings spec, String encoderName, int height, Views views) {
        return new FlipPrediction(Encoders.encoder(encoderName, height), Encoders.linearHead(2), views);
    }

    /** Upside down or not, by cross-entropy. Not thread-safe. */
    static final class FlipPrediction extends NetworkObjective {

        private final Block head;
        private final Views views;
        private final Loss crossEntropy = Loss.softmaxCrossEntropyLoss();

        FlipPrediction(Block encoder, Block head, Views views) {
            super(encoder, new SequentialBlock().add(encoder).add(head));
            this.head = head;
            this.views = views;
        }

        @Override
        public NDArray loss(NDManager step, Batch batch, Random random) {
            NDArray images = batch.get(Stream.UNLABELED);
            int n = (int) images.getShape().get(0);
            float[] flipped = new float[n];
            for (int i = 0; i < n; i++) {
                flipped[i] = random.nextBoolean() ? 1 : 0;
            }
            NDArray view = views.view(step, images, random);
            NDArray mask = step.create(flipped, new Shape(n, 1, 1, 1));
            NDArray input = view.mul(mask.neg().add(1)).add(view.flip(2).mul(mask));
            NDArray logits = Forward.training(network, step, input);
            return crossEntropy.evaluate(new NDList(step.create(flipped)), new NDList(logits));
        }

        @Override
        public Map<String, Block> checkpointBlocks() {
            return Map.of("encoder", encoder, "head", head);
        }
    }
}
