package io.pretext.training.method;

import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.loss.Loss;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.data.Batch;
import io.pretext.training.data.Stream;
import io.pretext.training.ops.Forward;

/**
 * Rotation prediction (Gidaris et al. 2018): each image, after its view transform, is turned by a
 * random multiple of 90 degrees and a linear head predicts which. Needs square images.
 * Not thread-safe.
 */
public final class RotationPrediction extends NetworkObjective {

    private final Block head;
    private final Views views;
    private final Loss crossEntropy = Loss.softmaxCrossEntropyLoss();

    public RotationPrediction(Block encoder, Block head, Views views) {
        super(encoder, new SequentialBlock().add(encoder).add(head));
        this.head = head;
        this.views = views;
    }

    @Override
    public void initialize(NDManager manager, Shape input) {
        if (input.get(2) != input.get(3)) {
            throw new IllegalArgumentException("rotation prediction needs square images");
        }
        network.initialize(manager, DataType.FLOAT32, input);
    }

    /** Reads {@link Stream#UNLABELED}. */
    @Override
    public NDArray loss(NDManager step, Batch batch, Random random) {
        NDArray images = batch.get(Stream.UNLABELED);
        int n = (int) images.getShape().get(0);
        int[] turns = new int[n];
        float[] targets = new float[n];
        for (int i = 0; i < n; i++) {
            turns[i] = random.nextInt(4);
            targets[i] = turns[i];
        }
        NDArray turned = rotate(views.view(step, images, random), turns);
        NDArray logits = Forward.training(network, step, turned);
        return crossEntropy.evaluate(new NDList(step.create(targets)), new NDList(logits));
    }

    /** Turns image {@code i} by {@code 90 * quarterTurns[i]} degrees counter-clockwise. */
    static NDArray rotate(NDArray images, int[] quarterTurns) {
        NDArray[] turned = new NDArray[quarterTurns.length];
        for (int i = 0; i < quarterTurns.length; i++) {
            NDArray image = images.get(i);
            for (int k = 0; k < quarterTurns[i]; k++) {
                image = image.transpose(0, 2, 1).flip(1);
            }
            turned[i] = image;
        }
        return NDArrays.stack(new NDList(turned));
    }

    @Override
    public Map<String, Block> checkpointBlocks() {
        return Map.of(ArtifactLayout.ENCODER_BLOCK, encoder, ArtifactLayout.HEAD_BLOCK, head);
    }
}
