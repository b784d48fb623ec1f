package io.pretext.training.method;

import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.data.Batch;
import io.pretext.training.data.Stream;
import io.pretext.training.ops.Forward;

/**
 * Two augmented views of each unlabeled image through encoder and head as one batch (so BatchNorm
 * sees 2N images), and a loss between the two halves: what SimCLR and VICReg share. Not
 * thread-safe.
 */
abstract class TwoViewObjective extends NetworkObjective {

    private final Block head;
    private final String headName;
    private final Views views;

    /** @param headName the head's name among the checkpoint blocks, e.g. {@code projector} */
    TwoViewObjective(Block encoder, Block head, String headName, Views views) {
        super(encoder, new SequentialBlock().add(encoder).add(head));
        this.head = head;
        this.headName = headName;
        this.views = views;
    }

    /** Reads {@link Stream#UNLABELED}. */
    @Override
    public final NDArray loss(NDManager step, Batch batch, Random random) {
        NDArray images = batch.get(Stream.UNLABELED);
        int n = (int) images.getShape().get(0);
        NDArray both = NDArrays.concat(new NDList(views.view(0, step, images, random),
                views.view(1, step, images, random)));
        NDArray z = Forward.training(network, step, both);
        return pairLoss(z.get("0:" + n), z.get(n + ":"));
    }

    /** The scalar loss between the head outputs of the first views and of the second (row i the same image). */
    protected abstract NDArray pairLoss(NDArray view1, NDArray view2);

    @Override
    public final Map<String, Block> checkpointBlocks() {
        return Map.of(ArtifactLayout.ENCODER_BLOCK, encoder, headName, head);
    }
}
