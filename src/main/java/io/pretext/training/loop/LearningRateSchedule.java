package io.pretext.training.loop;

/**
 * The learning rate at a global step: {@code constant}, {@code cosine} (from the base rate to zero
 * over all steps) or {@code warmup-cosine} (linear warm-up over the first 5% of steps, then
 * cosine). A function of the step only, so a resumed run continues the same curve. Immutable.
 */
public record LearningRateSchedule(String kind, double base, int totalSteps) {

    static final double WARMUP_FRACTION = 0.05;

    double at(int step) {
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
