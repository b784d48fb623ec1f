package io.pretext.training.method;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import io.pretext.training.loss.NtXentLoss;

/**
 * SimCLR (Chen et al. 2020): two views of each image through encoder and projection MLP, NT-Xent
 * between them. Both views go through the network as one batch, so BatchNorm sees 2N images.
 * Not thread-safe.
 */
public final class SimClr extends TwoViewObjective {

    private final NtXentLoss loss;

    public SimClr(Block encoder, Block projector, double temperature, Views views) {
        super(encoder, projector, "projector", views);
        this.loss = new NtXentLoss((float) temperature);
    }

    @Override
    protected NDArray pairLoss(NDArray view1, NDArray view2) {
        return loss.evaluate(view1, view2);
    }
}
