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
import io.pretext.training.loss.NtXentLoss;

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

    @Override
    public NDArray loss(NDManager step, NDArray images, NDArray labels, Random random) {
        int n = (int) images.getShape().get(0);
        NDArray both = NDArrays.concat(new NDList(views.view(step, images, random), views.view(step, images, random)));
        NDArray z = Forward.training(network, step, both);
        return loss.evaluate(z.get("0:" + n), z.get(n + ":"));
    }

    @Override
    public Map<String, Block> checkpointBlocks() {
        return Map.of("encoder", encoder, "projector", projector);
    }
}
