package io.pretext.training.method;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import io.pretext.training.loss.VicRegLoss;

/**
 * VICReg (Bardes, Ponce and LeCun 2022): two views of each image through encoder and expander MLP,
 * {@link VicRegLoss} between them. Both views go through the network as one batch, as in
 * {@link SimClr}. Not thread-safe.
 */
public final class VicReg extends TwoViewObjective {

    private final VicRegLoss loss = new VicRegLoss();

    public VicReg(Block encoder, Block expander, Views views) {
        super(encoder, expander, "expander", views);
    }

    @Override
    protected NDArray pairLoss(NDArray view1, NDArray view2) {
        return loss.evaluate(view1, view2);
    }
}
