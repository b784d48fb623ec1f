package io.pretext.training.method;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.pretext.training.loop.GradMode;
import io.pretext.training.ops.Forward;

/**
 * A frozen copy of an online network that follows it by exponential moving average, as MoCo's key
 * encoder and BYOL's target: {@code target ← m·target + (1 − m)·online} after each step. The target
 * never receives gradients (its parameters are frozen and its outputs detached). Not thread-safe.
 */
public final class MomentumTarget {

    private final Block online;
    private final Block target;

    /** @param target a freshly built block of exactly the online block's architecture */
    public MomentumTarget(Block online, Block target) {
        this.online = online;
        this.target = target;
    }

    /** Initialises the target and copies the online parameters into it (online must be initialised). */
    public void initialize(NDManager manager, Shape input) {
        GradMode.off();
        target.initialize(manager, DataType.FLOAT32, input);
        List<Parameter> from = online.getParameters().values();
        List<Parameter> to = target.getParameters().values();
        for (int i = 0; i < from.size(); i++) {
            from.get(i).getArray().copyTo(to.get(i).getArray());
        }
        target.freezeParameters(true);
    }

    /** Moves every target parameter by {@code (1 − momentum)·(online − target)}, in place. */
    public void update(double momentum) {
        GradMode.off();
        List<Parameter> from = online.getParameters().values();
        List<Parameter> to = target.getParameters().values();
        for (int i = 0; i < from.size(); i++) {
            NDArray t = to.get(i).getArray();
            try (NDArray o = from.get(i).getArray().stopGradient(); NDArray step = o.sub(t).muli((float) (1 - momentum))) {
                t.addi(step);
            }
        }
    }

    /** The target's output in training mode (batch statistics), detached from any graph. */
    public NDArray forward(NDManager step, NDArray input) {
        return Forward.training(target, step, input).stopGradient();
    }

    public Block block() {
        return target;
    }
}
