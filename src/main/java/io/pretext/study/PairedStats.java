package io.pretext.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The statistics of a study's table, pure arithmetic: mean and sample standard deviation over
 * seeds, and the mean of per-seed differences between two arms with its two-sided 95% confidence
 * interval from Student's t ({@code mean ± t(0.975, n-1) · sd / √n}), pairing each seed's two runs
 * (they share the labeled split). Stateless.
 */
final class PairedStats {

    /** t(0.975, df) for df = 1..30 (index df - 1); beyond 30 seeds a normal approximation is close. */
    private static final double[] T975 = {12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622,
        2.2281, 2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860, 2.0796, 2.0739,
        2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423};

    /** Said instead of an interval when only one seed has both values. */
    static final String ONE_SEED = "one seed: no confidence interval (needs two or more seeds)";

    private PairedStats() {
    }

    /**
     * Mean and standard deviation of some values.
     *
     * @param std the sample standard deviation (n - 1), null for fewer than two values
     */
    record Summary(int n, Double mean, Double std) {
    }

    /**
     * The mean per-seed difference {@code a - b} over the seeds where both have a value.
     *
     * @param low lower end of the 95% interval, null when {@code n < 2}
     * @param high upper end, null when {@code n < 2}
     * @param excludesZero whether the interval lies wholly above or below zero; null without one
     * @param note why there is no interval, else null
     */
    record Difference(int n, Double mean, Double low, Double high, Boolean excludesZero, String note) {
    }

    static Summary summary(List<Double> values) {
        int n = values.size();
        if (n == 0) {
            return new Summary(0, null, null);
        }
        double mean = values.stream().mapToDouble(Double::doubleValue).sum() / n;
        return new Summary(n, mean, n < 2 ? null : Math.sqrt(sumOfSquares(values, mean) / (n - 1)));
    }

    /** @param a values by seed, @param b values by seed */
    static Difference paired(Map<Long, Double> a, Map<Long, Double> b) {
        List<Double> differences = new ArrayList<>();
        new TreeMap<>(a).forEach((seed, value) -> {
            if (b.get(seed) != null && value != null) {
                differences.add(value - b.get(seed));
            }
        });
        Summary d = summary(differences);
        if (d.n() == 0) {
            return new Difference(0, null, null, null, null, "no seed has both values yet");
        }
        if (d.n() < 2) {
            return new Difference(1, d.mean(), null, null, null, ONE_SEED);
        }
        double half = t975(d.n() - 1) * d.std() / Math.sqrt(d.n());
        double low = d.mean() - half;
        double high = d.mean() + half;
        return new Difference(d.n(), d.mean(), low, high, low > 0 || high < 0, null);
    }

    /** Student's t quantile at 0.975 for {@code df} degrees of freedom (at least 1). */
    static double t975(int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be at least 1, was " + df);
        }
        return df <= T975.length ? T975[df - 1] : 1.96 + 2.4 / df;
    }

    private static double sumOfSquares(List<Double> values, double mean) {
        return values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
    }
}
