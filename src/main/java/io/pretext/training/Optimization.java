package io.pretext.training;

import java.util.List;
import java.util.Set;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import tools.jackson.databind.JsonNode;

/**
 * Updates a model's trainable parameters after each backward pass, with a learning rate from a
 * {@link LearningRateSchedule} of the global step, scaled per parameter (discriminative rates: the
 * encoder's parameters may learn slower than the head's). Parameters frozen at the time of the step
 * are skipped, so unfreezing mid-run works. Not thread-safe.
 */
final class Optimization {

    private final Optimizer optimizer;
    private final List<Parameter> parameters;
    private final LearningRateSchedule schedule;
    private int step;

    /**
     * @param spec the spec's optimizer section ({@code type}, {@code lr}, {@code weightDecay},
     *     {@code momentum}); its lr is ignored in favour of {@code schedule}'s base
     * @param slowerIds ids of parameters whose rate is multiplied by {@code slowerFactor}
     * @param firstStep the global step to start from (non-zero on resume)
     */
    Optimization(Block model, JsonNode spec, LearningRateSchedule schedule, Set<String> slowerIds,
            double slowerFactor, int firstStep) {
        this.parameters = model.getParameters().values();
        this.schedule = schedule;
        this.step = firstStep;
        ParameterTracker rate = (id, ignoredCount) -> (float) (schedule.at(step)
                * (slowerIds.contains(id) ? slowerFactor : 1.0));
        float weightDecay = (float) spec.path("weightDecay").asDouble(0);
        String type = spec.path("type").asString("adamw");
        this.optimizer = switch (type) {
            case "sgd" -> Optimizer.sgd().setLearningRateTracker(rate)
                    .optMomentum((float) spec.path("momentum").asDouble(0.9)).optWeightDecays(weightDecay).build();
            case "adam" -> Optimizer.adam().optLearningRateTracker(rate).optWeightDecays(weightDecay).build();
            case "adamw" -> Optimizer.adamW().optLearningRateTracker(rate).optWeightDecays(weightDecay).build();
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
            try (NDArray gradient = weight.getGradient()) {
                optimizer.update(p.getId(), weight, gradient);
            }
        }
        step++;
    }

    int globalStep() {
        return step;
    }

    double learningRate() {
        return schedule.at(step);
    }
}
