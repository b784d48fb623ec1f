package io.pretext.experiment;

import java.util.Locale;

/**
 * The comparison of an experiment's arms on one test set and metric said in one sentence, for people
 * reading the API's answer (the numbers stay in their own fields). Stateless.
 */
final class BaselineVerdict {

    /** Gains under half a hundredth of a point are a tie: the scores print alike. */
    private static final double TIE = 0.00005;

    private BaselineVerdict() {
    }

    /**
     * @param testSet how to name the test set (its name, else its id)
     * @return null until the finetuned score and at least one baseline's are in
     */
    static String sentence(String testSet, String metric, Double finetuned, Double scratch, Double pixels) {
        if (finetuned == null || (scratch == null && pixels == null)) {
            return null;
        }
        String what = "accuracy".equals(metric) ? "accuracy" : "macro-F1";
        if (scratch == null) {
            return "The finetuned model " + outcome(finetuned, pixels, "the pixels floor") + " in " + what + " on "
                    + testSet + " (" + percent(finetuned) + " against " + percent(pixels) + "); no scratch baseline ran.";
        }
        String sentence = "The finetuned model " + outcome(finetuned, scratch, "scratch") + " in " + what + " on "
                + testSet + " (" + percent(finetuned) + " against " + percent(scratch) + ")";
        return sentence + (pixels == null ? "." : "; the pixels floor scored " + percent(pixels) + ".");
    }

    private static String outcome(double model, double baseline, String name) {
        double gain = model - baseline;
        if (Math.abs(gain) < TIE) {
            return "tied with " + name;
        }
        return (gain > 0 ? "beat " : "lost to ") + name + " by " + points(Math.abs(gain)) + " points";
    }

    private static String points(double fraction) {
        return String.format(Locale.ROOT, "%.1f", fraction * 100);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }
}
