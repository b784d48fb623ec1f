package io.pretext.training.loop;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;

/**
 * SGD with momentum, Adam and AdamW, with state we can checkpoint (DJL's optimizers keep their
 * moments private, so a resumed run would restart them): per parameter, the moment arrays and
 * the number of updates it has had. Updates are in place and record no gradient. Not thread-safe.
 */
final class ParameterUpdates {

    enum Kind { SGD, ADAM, ADAMW }

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final Kind kind;
    private final float momentum;
    private final float weightDecay;
    private final Map<String, NDArray[]> moments = new HashMap<>();
    private final Map<String, Integer> counts = new HashMap<>();

    ParameterUpdates(Kind kind, float momentum, float weightDecay) {
        this.kind = kind;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
    }

    /** One step on {@code weight} (a parameter's array) with its gradient, at {@code rate}, with weight decay. */
    void update(String id, NDArray weight, NDArray gradient, float rate) {
        update(id, weight, gradient, rate, true);
    }

    /**
     * One step on {@code weight} (a parameter's array) with its gradient, at {@code rate}; weight
     * decay applies only when {@code decay}.
     */
    void update(String id, NDArray weight, NDArray gradient, float rate, boolean decay) {
        float weightDecay = decay ? this.weightDecay : 0f;
        GradMode.off();
        int t = counts.merge(id, 1, Integer::sum);
        // State is created outside the scope below: it must outlive the step.
        NDArray[] state = moments.computeIfAbsent(id, k -> newState(weight));
        try (NDScope scope = new NDScope()) {
            NDArray g = gradient.duplicate();
            if (kind != Kind.ADAMW && weightDecay > 0) {
                g.addi(weight.mul(weightDecay)); // L2 regularisation through the gradient
            }
            if (kind == Kind.SGD) {
                state[0].muli(momentum).addi(g);
                weight.subi(state[0].mul(rate));
                return;
            }
            state[0].muli(BETA1).addi(g.mul(1 - BETA1));
            state[1].muli(BETA2).addi(g.square().muli(1 - BETA2));
            float correction1 = (float) (1 - Math.pow(BETA1, t));
            float correction2 = (float) (1 - Math.pow(BETA2, t));
            NDArray step = state[0].div(correction1).divi(state[1].div(correction2).sqrt().addi(EPSILON));
            if (kind == Kind.ADAMW && weightDecay > 0) {
                step.addi(weight.mul(weightDecay)); // decoupled weight decay
            }
            weight.subi(step.muli(rate));
        }
    }

    private NDArray[] newState(NDArray weight) {
        NDArray first = weight.zerosLike();
        first.setRequiresGradient(false);
        if (kind == Kind.SGD) {
            return new NDArray[] {first};
        }
        NDArray second = weight.zerosLike();
        second.setRequiresGradient(false);
        return new NDArray[] {first, second};
    }

    /** Writes counts and moments of {@code parameters}, in their order. */
    void save(List<Parameter> parameters, DataOutputStream out) throws IOException {
        out.writeUTF(kind.name());
        out.writeInt(parameters.size());
        for (Parameter p : parameters) {
            NDArray[] state = moments.get(p.getId());
            out.writeInt(counts.getOrDefault(p.getId(), 0));
            out.writeInt(state == null ? 0 : state.length);
            if (state != null) {
                byte[] encoded = new NDList(state).encode();
                out.writeInt(encoded.length);
                out.write(encoded);
            }
        }
    }

    /** Reads what {@link #save} wrote for the same parameters (same model, same order). */
    void load(List<Parameter> parameters, DataInputStream in, NDManager manager) throws IOException {
        String savedKind = in.readUTF();
        if (!savedKind.equals(kind.name()) || in.readInt() != parameters.size()) {
            throw new IOException("optimizer state is for a different optimizer or model (" + savedKind + ")");
        }
        for (Parameter p : parameters) {
            int count = in.readInt();
            int arrays = in.readInt();
            if (count > 0) {
                counts.put(p.getId(), count);
            }
            if (arrays > 0) {
                byte[] encoded = new byte[in.readInt()];
                in.readFully(encoded);
                NDList state = NDList.decode(manager, encoded);
                moments.put(p.getId(), state.toArray(new NDArray[0]));
            }
        }
    }
}
