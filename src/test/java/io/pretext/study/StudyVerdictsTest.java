package io.pretext.study;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The verdict sentence a user reads first. */
class StudyVerdictsTest {

    static StudyResults.StudyGain gain(String over, double mean, Double low, Double high, String note) {
        return new StudyResults.StudyGain("1pct", "lp-ft", over, "t", "accuracy", 3, mean, low, high,
                low == null ? null : low > 0 || high < 0, note);
    }

    @Test
    void a_gain_whose_interval_excludes_zero_says_so() {
        assertThat(StudyVerdicts.summary("1pct", "lp-ft", 0.8123, gain("scratch", 0.034, 0.010, 0.058, null),
                gain("pixels", 0.12, 0.1, 0.14, null))).isEqualTo("At 1pct: lp-ft is best (81.2% accuracy), "
                        + "+3.4 points over scratch (95% CI +1.0 to +5.8: excludes zero) and +12.0 over pixels.");
    }

    @Test
    void an_interval_across_zero_is_not_conclusive_and_one_seed_has_none() {
        assertThat(StudyVerdicts.summary("1pct", "lp-ft", 0.8, gain("scratch", 0.01, -0.02, 0.04, null), null))
                .isEqualTo("At 1pct: lp-ft is best (80.0% accuracy), +1.0 points over scratch "
                        + "(95% CI -2.0 to +4.0: includes zero, not conclusive).");
        assertThat(StudyVerdicts.summary("1pct", "lp-ft", 0.8,
                gain("scratch", 0.01, null, null, PairedStats.ONE_SEED), null)).contains("(" + PairedStats.ONE_SEED + ")");
    }

    @Test
    void scratch_winning_says_pretraining_did_not_pay_off() {
        assertThat(StudyVerdicts.summary("10-per-class", "scratch", 0.7, null, gain("pixels", 0.05, null, null, null)))
                .isEqualTo("At 10-per-class: scratch is best (70.0% accuracy); pretraining did not beat training "
                        + "from scratch at this budget, +5.0 over pixels.");
    }
}
