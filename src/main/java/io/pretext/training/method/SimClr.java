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
import io.pretext.training.loss.NtXentLoss;
import io.pretext.training.ops.Forward;

/**
 * SimCLR (Chen et al. 2020): two views of each image through encoder and projection MLP, NT-Xent
 * between them. Both views go through the network as one batch, so BatchNorm sees 2N images.
 * Not thread-safe.
 */
public final class SimClr extends NetworkObjective {

    private final Block projector;
    private final NtXentLoss loss;
    private final Views views;

    public SimClr(Block encoder, Block projector, double temperature, Views views) {
        super(encoder, new SequentialBlock().add(encoder).add(projector));
        this.projector = projector;
        this.loss = new NtXentLoss((float) temperature);
        this.views = views;
    }

    /** Reads {@link Stream#UNLABELED}. */
    @Override
    public NDArray loss(NDManager step, Batch batch, Random random) {
        NDArray images = batch.get(Stream.UNLABELED);
        int n = (int) images.getShape().get(0);
        NDArray both = NDArrays.concat(new NDList(views.view(0, step, images, random),
                views.view(1, step, images, random)));
        NDArray z = Forward.training(network, step, both);
        return loss.evaluate(z.get("0:" + n), z.get(n + ":"));
    }

    @Override
    public Map<String, Block> checkpointBlocks() {
        return Map.of(ArtifactLayout.ENCODER_BLOCK, encoder, "projector", projector);
    }
}
