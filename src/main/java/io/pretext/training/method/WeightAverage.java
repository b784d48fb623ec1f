package io.pretext.training.method;

import java.util.List;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.pretext.training.loop.GradMode;

/**
 * An exponential moving average of a network's weights, as FixMatch evaluates and serves:
 * {@code average ← d_t·average + (1 − d_t)·online} after every optimizer step, with the decay warmed
 * up as TensorFlow's {@code ExponentialMovingAverage(num_updates)} does,
 * {@code d_t = min(decay, (1 + t) / (10 + t))} after step {@code t} (0-based), so that a run of a
 * few hundred steps is not dominated by its random initialisation (0.999^300 would still give it a
 * weight of 0.74). A {@link MomentumTarget} underneath: every parameter is averaged, BatchNorm's
 * running mean and variance included (DJL holds them as parameters) — averaged rather than copied
 * because statistics averaged over the same window as the weights belong, to first order, to the
 * averaged weights, while the online network's latest statistics belong to its latest weights. The
 * average is never trained and only run in inference mode. Not thread-safe.
 */
public final class WeightAverage {

    private final Block online;
    private final MomentumTarget target;
    private final double decay;

    /**
     * @param online the trained network
     * @param average a freshly built block of exactly the online network's architecture
     * @param decay the decay once warmed up, in [0, 1) (FixMatch: 0.999)
     */
    public WeightAverage(Block online, Block average, double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("EMA decay must be in [0, 1), was " + decay);
        }
        this.online = online;
        this.target = new MomentumTarget(online, average);
        this.decay = decay;
    }

    /** Initialises the average as a copy of the (initialised) online network. */
    public void initialize(NDManager manager, Shape input) {
        target.initialize(manager, input);
    }

    /** Copies the online network into the average again (after loading pretrained weights into it). */
    public void reset() {
        GradMode.off();
        List<Parameter> from = online.getParameters().values();
        List<Parameter> to = target.block().getParameters().values();
        for (int i = 0; i < from.size(); i++) {
            from.get(i).getArray().copyTo(to.get(i).getArray());
        }
    }

    /** The decay applied after 0-based step {@code step}. */
    public double decay(long step) {
        return Math.min(decay, (1.0 + step) / (10.0 + step));
    }

    /** Moves the average towards the online network after 0-based optimizer step {@code step}. */
    public void update(long step) {
        target.update(decay(step));
    }

    /** The averaged network. */
    public Block block() {
        return target.block();
    }
}
