package io.pretext.training.method;

import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.loss.Loss;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.data.Batch;
import io.pretext.training.data.Stream;
import io.pretext.training.loss.PseudoLabelLoss;
import io.pretext.training.ops.Forward;
import io.pretext.training.ops.Scalars;

/**
 * FixMatch, Sohn et al. 2020: {@code L = CE(labeled weak views) + λu · PseudoLabelLoss(unlabeled weak,
 * unlabeled strong)}, with one forward pass in training mode over the labeled weak, unlabeled weak
 * and unlabeled strong views together (BatchNorm sees them as one batch, as the reference
 * implementation does, and one pass is faster than three), its logits split back into the three.
 * An exponential moving average of encoder and head ({@link WeightAverage}) follows the trained
 * network after every step; it is what validation measures and what checkpoints hold as
 * {@code encoder} and {@code head} (the files serving reads), the trained network being kept as
 * {@code online-encoder} and {@code online-head} for resuming. Reads {@link Stream#INPUTS},
 * {@link Stream#LABELS}, {@link Stream#UNLABELED} and, when present, {@link #UNLABELED_LABELS}.
 * Not thread-safe.
 */
public final class FixMatch extends NetworkObjective {

    /** The unlabeled images' true classes, as floats, when the unlabeled dataset has them (metrics only). */
    public static final Stream UNLABELED_LABELS = new Stream("unlabeled-labels");

    /** Checkpoint stems of the trained (not averaged) network. */
    public static final String ONLINE_ENCODER_BLOCK = "online-" + ArtifactLayout.ENCODER_BLOCK;
    public static final String ONLINE_HEAD_BLOCK = "online-" + ArtifactLayout.HEAD_BLOCK;

    private final Block head;
    private final SequentialBlock averageEncoder;
    private final Block averageHead;
    private final Views views;
    private final PseudoLabelLoss pseudoLabels;
    private final double unlabeledWeight;
    private final WeightAverage average;
    private final long totalSteps;
    private final Loss crossEntropy = Loss.softmaxCrossEntropyLoss();
    private final FixMatchMetrics metrics = new FixMatchMetrics();

    /**
     * @param averageEncoder a fresh block of the encoder's architecture, for the average
     * @param averageHead a fresh block of the head's architecture, for the average
     * @param views view 0 is the weak view, view 1 the strong one
     * @param totalSteps the run's optimizer steps (the loop's progress times this is the step)
     */
    public FixMatch(SequentialBlock encoder, Block head, SequentialBlock averageEncoder, Block averageHead, Views views,
            double threshold, double unlabeledWeight, double emaDecay, long totalSteps) {
        super(encoder, new SequentialBlock().add(encoder).add(head));
        if (views.count() < 2) {
            throw new IllegalArgumentException("FixMatch needs a weak and a strong view");
        }
        this.head = head;
        this.averageEncoder = averageEncoder;
        this.averageHead = averageHead;
        this.views = views;
        this.pseudoLabels = new PseudoLabelLoss(threshold);
        this.unlabeledWeight = unlabeledWeight;
        this.average = new WeightAverage(network, new SequentialBlock().add(averageEncoder).add(averageHead),
                emaDecay);
        this.totalSteps = totalSteps;
    }

    @Override
    public void initialize(NDManager manager, Shape input) {
        super.initialize(manager, input);
        average.initialize(manager, input);
    }

    /** Copies the trained network into the average (after pretrained weights were loaded into it). */
    public void resetAverage() {
        average.reset();
    }

    /** The averaged encoder and head: run it in inference mode to validate or serve. */
    public Block averageNetwork() {
        return average.block();
    }

    /** The averaged encoder (what the model card describes). */
    public SequentialBlock averageEncoder() {
        return averageEncoder;
    }

    /** The step metrics, a listener that adds their epoch means. */
    public FixMatchMetrics metrics() {
        return metrics;
    }

    @Override
    public NDArray loss(NDManager step, Batch batch, Random random) {
        NDArray labeled = batch.get(Stream.INPUTS);
        NDArray unlabeled = batch.get(Stream.UNLABELED);
        long b = labeled.getShape().get(0);
        long m = unlabeled.getShape().get(0);
        NDArray inputs = NDArrays.concat(new NDList(views.view(0, step, labeled, random),
                views.view(0, step, unlabeled, random), views.view(1, step, unlabeled, random)));
        NDArray logits = Forward.training(network, step, inputs);
        NDArray labeledLoss = crossEntropy.evaluate(new NDList(batch.get(Stream.LABELS)),
                new NDList(logits.get("0:" + b)));
        PseudoLabelLoss.Result unlabeledLoss = pseudoLabels.evaluate(logits.get(b + ":" + (b + m)),
                logits.get((b + m) + ":"));
        double maskRate = unlabeledLoss.maskRate();
        NDArray truth = batch.find(UNLABELED_LABELS);
        metrics.record(labeledLoss.getFloat(), unlabeledLoss.loss().getFloat(), maskRate,
                truth == null ? Double.NaN : unlabeledLoss.right(truth), maskRate * m);
        return labeledLoss.add(Scalars.times(unlabeledLoss.loss(), (float) unlabeledWeight));
    }

    @Override
    public void afterStep(double progress) {
        average.update(Math.max(0, Math.round(progress * totalSteps) - 1));
    }

    @Override
    public Map<String, Block> checkpointBlocks() {
        return Map.of(ArtifactLayout.ENCODER_BLOCK, averageEncoder, ArtifactLayout.HEAD_BLOCK, averageHead,
                ONLINE_ENCODER_BLOCK, encoder, ONLINE_HEAD_BLOCK, head);
    }
}
