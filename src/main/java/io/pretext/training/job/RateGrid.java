package io.pretext.training.job;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the scratch baseline (and a {@code full} finetune with {@code tuneRates}) picks its learning
 * rate and weight decay on the validation split: each
 * candidate of a small grid (the head rate ×0.3, ×1 and ×3, each without and with weight decay) is
 * screened on a third of the budget, and the one with the best validation accuracy trains on the
 * whole budget; ties keep the earlier candidate, and the grid lists the spec's own rate first. When
 * the best rate is the grid's highest (or lowest), the optimum may lie beyond it, so the grid is
 * extended by the same factor in that direction, with the chosen decay, while each step beyond beats
 * the best so far, at most {@value #MAX_EXTENSIONS} steps (so a rate up to 27× or 0.027× the spec's).
 * A grid in which no candidate scored a number keeps the spec's own rate.
 * The decay values depend on how the optimizer applies it: L2 through the gradient ({@code sgd},
 * {@code adam}) 5e-4, decoupled and scaled by the rate ({@code adamw}) 0.05, the usual values of each.
 * Stateless.
 */
final class RateGrid {

    /** Rate multipliers, the spec's own first (what ties keep). */
    private static final double[] RATE_FACTORS = {1, 0.3, 3};

    /** How many steps beyond the grid's edge a winning edge rate is followed. */
    static final int MAX_EXTENSIONS = 2;

    private RateGrid() {
    }

    /** One point of the grid. */
    record Candidate(double learningRate, double weightDecay) {

        /** The metric that reports this candidate's screening accuracy, e.g. {@code gridValidationAccuracy[lr=0.001,wd=0]}. */
        String metric() {
            return String.format(Locale.ROOT, "gridValidationAccuracy[lr=%s,wd=%s]", format(learningRate),
                    format(weightDecay));
        }

        /** A rate or decay as the metric names print it: three significant digits, no trailing zeros. */
        static String format(double value) {
            return value == 0 ? "0" : String.format(Locale.ROOT, "%.3g", value).replaceAll("\\.?0+(?=e|$)", "");
        }
    }

    /** Trains a fresh model with a candidate's settings and returns its best validation accuracy. */
    @FunctionalInterface
    interface Screen {
        double validationAccuracy(Candidate candidate) throws Exception;
    }

    /**
     * The chosen candidate and each one's screening accuracy, in grid order.
     *
     * @param accuracies validation accuracy per candidate
     */
    record Choice(Candidate chosen, Map<Candidate, Double> accuracies) {

        /** One {@link Candidate#metric()} per candidate. */
        Map<String, Double> metrics() {
            Map<String, Double> metrics = new LinkedHashMap<>();
            accuracies.forEach((candidate, accuracy) -> metrics.put(candidate.metric(), accuracy));
            return metrics;
        }
    }

    /** The grid around {@code baseRate} for optimizer {@code type}. */
    static List<Candidate> candidates(double baseRate, String type) {
        double decay = "adamw".equals(type) ? 0.05 : 5e-4;
        List<Candidate> grid = new ArrayList<>();
        for (double factor : RATE_FACTORS) {
            grid.add(new Candidate(baseRate * factor, 0));
            grid.add(new Candidate(baseRate * factor, decay));
        }
        return grid;
    }

    /**
     * Screens every candidate in order and keeps the most accurate (the first on ties), then follows
     * a winning edge rate outwards (see the class comment); the extra candidates are screened with
     * the chosen decay and reported after the grid's.
     */
    static Choice choose(List<Candidate> candidates, Screen screen) throws Exception {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("an empty grid has nothing to choose");
        }
        Map<Candidate, Double> accuracies = new LinkedHashMap<>();
        Candidate best = null;
        double bestAccuracy = Double.NEGATIVE_INFINITY;
        for (Candidate candidate : candidates) {
            double accuracy = screen.validationAccuracy(candidate);
            accuracies.put(candidate, accuracy);
            if (accuracy > bestAccuracy) {
                best = candidate;
                bestAccuracy = accuracy;
            }
        }
        if (best == null) {
            return new Choice(candidates.get(0), accuracies);
        }
        double lowest = candidates.stream().mapToDouble(Candidate::learningRate).min().orElseThrow();
        double highest = candidates.stream().mapToDouble(Candidate::learningRate).max().orElseThrow();
        double step = best.learningRate() == highest && highest > lowest ? RATE_FACTORS[2]
                : best.learningRate() == lowest && highest > lowest ? RATE_FACTORS[1] : 0;
        for (int extension = 0; step != 0 && extension < MAX_EXTENSIONS; extension++) {
            Candidate further = new Candidate(best.learningRate() * step, best.weightDecay());
            double accuracy = screen.validationAccuracy(further);
            accuracies.put(further, accuracy);
            if (!(accuracy > bestAccuracy)) {
                break;
            }
            best = further;
            bestAccuracy = accuracy;
        }
        return new Choice(best, accuracies);
    }
}
