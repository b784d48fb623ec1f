package io.pretext.study;

import java.util.List;
import java.util.UUID;

import io.pretext.job.JobState;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A study's answer so far, filled in as its experiments finish. Scores are fractions in [0, 1];
 * gains are differences of two scores in fraction points (0.04 = four percentage points). Each
 * gain over {@code scratch} pairs the two arms seed by seed (both trained on that seed's labeled
 * split) and gives a 95% Student-t confidence interval of the mean per-seed difference; with one
 * seed there is no interval and {@code note} says so. Immutable.
 *
 * @param headline the first test dataset: the verdicts are about accuracy on it
 */
@Schema(requiredProperties = {"studyId", "state", "headline", "cells", "gains", "verdicts"})
public record StudyResults(UUID studyId, JobState state, String headline, List<StudyCell> cells,
        List<StudyGain> gains, List<StudyVerdict> verdicts) {

    /** One seed's score. */
    @Schema(requiredProperties = {"seed", "value"})
    public record SeedScore(long seed, double value) {
    }

    /** Mean ± sample std over seeds of one metric of one arm at one budget on one test dataset. */
    @Schema(requiredProperties = {"budget", "arm", "test", "metric", "n", "seeds"})
    public record StudyCell(String budget, String arm, String test,
            @Schema(description = "accuracy or macroF1") String metric, int n,
            @Schema(nullable = true) Double mean, @Schema(nullable = true, description = "null for one seed") Double std,
            List<SeedScore> seeds) {
    }

    /** An arm's gain over another (scratch or pixels), paired by seed. */
    @Schema(requiredProperties = {"budget", "arm", "over", "test", "metric", "n"})
    public record StudyGain(String budget, String arm, String over, String test, String metric, int n,
            @Schema(nullable = true) Double mean, @Schema(nullable = true) Double low,
            @Schema(nullable = true) Double high, @Schema(nullable = true) Boolean excludesZero,
            @Schema(nullable = true, description = "Why there is no interval") String note) {
    }

    /**
     * The plain answer at one budget, on the headline test set's accuracy: the best arm, and its
     * paired gains over scratch and over pixels (null when that arm is not in the study, or is the
     * best itself).
     */
    @Schema(requiredProperties = {"budget", "summary"})
    public record StudyVerdict(String budget, @Schema(nullable = true) String best,
            @Schema(nullable = true) Double bestAccuracy, @Schema(nullable = true) StudyGain overScratch,
            @Schema(nullable = true) StudyGain overPixels, String summary) {
    }
}
