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

/**
 * BYOL (Grill et al. 2020): the online network (encoder, projector, predictor) predicts the target
 * network's projection of the other view; the target is an EMA of encoder and projector whose
 * momentum rises from {@code baseMomentum} to 1 on a cosine schedule. Symmetric loss
 * {@code 2 − 2·cos(p, z')} over both view orders. Not thread-safe.
 */
public final class Byol extends NetworkObjective {

    private final Block projector;
    private final Block predictor;
    private final SequentialBlock backbone;
    private final MomentumTarget target;
    private final double baseMomentum;
    private final Views views;

    public Byol(Block encoder, Block projector, Block predictor, Block targetNetwork, double baseMomentum,
            Views views) {
        this(encoder, projector, predictor, new SequentialBlock().add(encoder).add(projector), targetNetwork,
                baseMomentum, views);
    }

    private Byol(Block encoder, Block projector, Block predictor, SequentialBlock backbone, Block targetNetwork,
            double baseMomentum, Views views) {
        super(encoder, new SequentialBlock().add(backbone).add(predictor));
        this.projector = projector;
        this.predictor = predictor;
        this.backbone = backbone;
        this.target = new MomentumTarget(backbone, targetNetwork);
        this.baseMomentum = baseMomentum;
        this.views = views;
    }

    /** BYOL's schedule: {@code 1 − (1 − base)·(cos(π·progress) + 1) / 2}. */
    public static double momentum(double base, double progress) {
        return 1 - (1 - base) * (Math.cos(Math.PI * progress) + 1) / 2;
    }

    @Override
    public void initialize(NDManager manager, Shape input) {
        network.initialize(manager, DataType.FLOAT32, input);
        target.initialize(manager, input);
    }

    @Override
    public NDArray loss(NDManager step, NDArray images, NDArray labels, Random random) {
        int n = (int) images.getShape().get(0);
        NDArray both = NDArrays.concat(new NDList(views.view(step, images, random), views.view(step, images, random)));
        NDArray predictions = Forward.training(network, step, both);
        NDArray targets = target.forward(step, both);
        // View 1's prediction aims at view 2's target, and the other way round.
        NDArray swapped = NDArrays.concat(new NDList(targets.get(n + ":"), targets.get("0:" + n)));
        return cosine(predictions, swapped).neg().add(1).mul(2).mean().mul(2);
    }

    private static NDArray cosine(NDArray a, NDArray b) {
        NDArray an = a.div(a.norm(new int[] {1}, true).add(1e-12f));
        NDArray bn = b.div(b.norm(new int[] {1}, true).add(1e-12f));
        return an.mul(bn).sum(new int[] {1});
    }

    @Override
    public void afterStep(double progress) {
        target.update(momentum(baseMomentum, progress));
    }

    @Override
    public Map<String, Block> checkpointBlocks() {
        return Map.of("encoder", encoder, "projector", projector, "predictor", predictor, "target", target.block());
    }
}
