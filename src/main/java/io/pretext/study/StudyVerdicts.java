package io.pretext.study;

import java.util.Locale;

/** The plain-words sentence of a budget's verdict. Stateless. */
final class StudyVerdicts {

    private StudyVerdicts() {
    }

    /**
     * E.g. "At 10-per-class: linear is best (81.2% accuracy), +3.4 points over scratch (95% CI +1.0 to
     * +5.8: excludes zero) and +12.0 over pixels."
     */
    static String summary(String budget, String best, double accuracy, StudyResults.StudyGain overScratch,
            StudyResults.StudyGain overPixels) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "At %s: %s is best (%.1f%% accuracy)", budget,
                best, accuracy * 100));
        if (best.equals(StudyPlanner.SCRATCH)) {
            s.append("; pretraining did not beat training from scratch at this budget");
        } else if (overScratch != null && overScratch.mean() != null) {
            s.append(", ").append(points(overScratch.mean())).append(" points over scratch")
                    .append(interval(overScratch));
        }
        if (overPixels != null && overPixels.mean() != null) {
            s.append(overScratch == null ? ", " : " and ").append(points(overPixels.mean())).append(" over pixels");
        }
        return s.append('.').toString();
    }

    private static String interval(StudyResults.StudyGain gain) {
        if (gain.low() == null) {
            return " (" + gain.note() + ")";
        }
        return " (95% CI " + points(gain.low()) + " to " + points(gain.high()) + ": "
                + (gain.excludesZero() ? "excludes zero" : "includes zero, not conclusive") + ")";
    }

    private static String points(double fraction) {
        return String.format(Locale.ROOT, "%+.1f", fraction * 100);
    }
}
