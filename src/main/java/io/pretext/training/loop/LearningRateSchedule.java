package io.pretext.training.loop;

import java.util.List;

/**
 * The learning rate at a global step: {@code constant}, {@code cosine} (from the base rate to zero
 * over all steps) or {@code warmup-cosine} (linear warm-up over the first 5% of steps, then
 * cosine). With {@code restarts} (global steps), the curve starts over at each of them and runs to
 * the next (or the end): a fresh schedule per stage, as gradual unfreezing gives each newly
 * unfrozen stage. A function of the step only, so a resumed run continues the same curve. Immutable.
 */
public record LearningRateSchedule(String kind, double base, int totalSteps, List<Integer> restarts) {

    static final double WARMUP_FRACTION = 0.05;

    public LearningRateSchedule {
        restarts = List.copyOf(restarts);
    }

    public LearningRateSchedule(String kind, double base, int totalSteps) {
        this(kind, base, totalSteps, List.of());
    }

    double at(int step) {
        int start = 0;
        int end = totalSteps;
        for (int restart : restarts) {
            if (restart <= step) {
                start = Math.max(start, restart);
            } else {
                end = Math.min(end, restart);
            }
        }
        return segment(step - start, end - start);
    }

    private double segment(int step, int totalSteps) {
        int total = Math.max(1, totalSteps);
        return switch (kind) {
            case "constant" -> base;
            case "cosine" -> cosine(step, 0, total);
            case "warmup-cosine" -> {
                int warmup = (int) Math.round(total * WARMUP_FRACTION);
                yield step < warmup ? base * (step + 1) / warmup : cosine(step, warmup, total);
            }
            default -> throw new IllegalArgumentException("unknown schedule " + kind);
        };
    }

    private double cosine(int step, int start, int total) {
        double progress = Math.min(1.0, (double) (step - start) / Math.max(1, total - start));
        return base * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
