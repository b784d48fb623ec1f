package io.pretext.training.loop;

import java.util.List;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import io.pretext.training.OptimizerSettings;

/**
 * Updates a model's trainable parameters after each backward pass, with a learning rate from a
 * {@link LearningRateSchedule} of the global step, scaled per parameter (discriminative rates: the
 * encoder's parameters may learn slower than the head's). Weight decay applies to weight matrices and
 * convolution kernels only, not to biases or normalisation scales and shifts (arrays of one
 * dimension), as in the SimCLR/BYOL recipes: decaying BatchNorm's scale fights the normalisation
 * itself. Parameters frozen at the time of the step
 * are skipped, so unfreezing mid-run works. The optimizer's state is ours ({@link ParameterUpdates}),
 * so checkpoints carry it and a resumed run continues with the same moments. Not thread-safe.
 */
public final class Optimization {

    private final ParameterUpdates updates;
    private final Set<String> slowerIds;
    private final double slowerFactor;
    private final List<Parameter> parameters;
    private final LearningRateSchedule schedule;
    private int step;

    /**
     * @param settings the optimizer section of the job's payload (type, weight decay and, for SGD,
     *     momentum; every value present after the payload's parse); its lr is ignored in favour of
     *     {@code schedule}'s base
     * @param slowerIds ids of parameters whose rate is multiplied by {@code slowerFactor}
     * @param firstStep the global step to start from (non-zero on resume)
     */
    public Optimization(Block model, OptimizerSettings settings, LearningRateSchedule schedule, Set<String> slowerIds,
            double slowerFactor, int firstStep) {
        this.parameters = model.getParameters().values();
        this.schedule = schedule;
        this.step = firstStep;
        this.slowerIds = slowerIds;
        this.slowerFactor = slowerFactor;
        float weightDecay = settings.weightDecay().floatValue();
        String type = settings.type();
        this.updates = switch (type) {
            case "sgd" -> new ParameterUpdates(ParameterUpdates.Kind.SGD, settings.momentum().floatValue(),
                    weightDecay);
            case "adam" -> new ParameterUpdates(ParameterUpdates.Kind.ADAM, 0, weightDecay);
            case "adamw" -> new ParameterUpdates(ParameterUpdates.Kind.ADAMW, 0, weightDecay);
            default -> throw new IllegalArgumentException("unknown optimizer " + type);
        };
    }

    /** Applies the gradients of the last backward pass (and clears them), then advances the step. */
    void step() {
        for (Parameter p : parameters) {
            if (!p.requiresGradient() || !p.isInitialized()) {
                continue;
            }
            NDArray weight = p.getArray();
            float rate = (float) (schedule.at(step) * (slowerIds.contains(p.getId()) ? slowerFactor : 1.0));
            try (NDArray gradient = weight.getGradient()) {
                updates.update(p.getId(), weight, gradient, rate, decays(weight));
                // Backward passes add to gradients: clear it for the next step.
                gradient.subi(gradient);
            }
        }
        step++;
    }

    /** Whether weight decay applies to a parameter: matrices and kernels, not biases or norm parameters. */
    static boolean decays(NDArray weight) {
        return weight.getShape().dimension() > 1;
    }

    /** Writes the optimizer's state (moments and update counts) for a checkpoint. */
    public byte[] state() throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            updates.save(parameters, out);
        }
        return bytes.toByteArray();
    }

    /** Restores what {@link #state()} wrote, for the same model. */
    public void restore(java.io.InputStream in, ai.djl.ndarray.NDManager manager) throws java.io.IOException {
        updates.load(parameters, new java.io.DataInputStream(in), manager);
    }

    public int globalStep() {
        return step;
    }

    double learningRate() {
        return schedule.at(step);
    }
}
