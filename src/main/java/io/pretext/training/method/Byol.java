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
import io.pretext.training.ArtifactLayout;
import io.pretext.training.data.Batch;
import io.pretext.training.data.Stream;
import io.pretext.training.loss.ByolLoss;
import io.pretext.training.ops.Forward;

/**
 * BYOL (Grill et al. 2020): the online network (encoder, projector, predictor) predicts the target
 * network's projection of the other view; the target is an EMA of encoder and projector whose
 * momentum rises from {@code baseMomentum} to 1 on a cosine schedule; the symmetric loss is
 * {@link ByolLoss}. Not thread-safe.
 */
public final class Byol extends NetworkObjective {

    private final Block projector;
    private final Block predictor;
    private final SequentialBlock backbone;
    private final MomentumTarget target;
    private final double baseMomentum;
    private final Views views;
    private final ByolLoss loss = new ByolLoss();

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

    /** Reads {@link Stream#UNLABELED}. */
    @Override
    public NDArray loss(NDManager step, Batch batch, Random random) {
        NDArray images = batch.get(Stream.UNLABELED);
        NDArray both = NDArrays.concat(new NDList(views.view(0, step, images, random),
                views.view(1, step, images, random)));
        NDArray predictions = Forward.training(network, step, both);
        NDArray targets = target.forward(step, both);
        return loss.evaluate(predictions, targets);
    }

    @Override
    public void afterStep(double progress) {
        target.update(momentum(baseMomentum, progress));
    }

    @Override
    public Map<String, Block> checkpointBlocks() {
        return Map.of(ArtifactLayout.ENCODER_BLOCK, encoder, "projector", projector, "predictor", predictor,
                "target", target.block());
    }
}
