package io.pretext.training.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RateGridTest {

    @Test
    void the_grid_spans_three_rates_with_and_without_decay_the_given_rate_first() {
        List<RateGrid.Candidate> sgd = RateGrid.candidates(0.01, "sgd");
        List<RateGrid.Candidate> adamw = RateGrid.candidates(0.001, "adamw");

        assertThat(sgd).hasSize(6).first().isEqualTo(new RateGrid.Candidate(0.01, 0));
        assertThat(sgd).extracting(RateGrid.Candidate::learningRate).containsOnly(0.01, 0.01 * 0.3, 0.01 * 3);
        assertThat(sgd).extracting(RateGrid.Candidate::weightDecay).containsOnly(0.0, 5e-4);
        assertThat(adamw).extracting(RateGrid.Candidate::weightDecay).containsOnly(0.0, 0.05);
        assertThat(sgd).extracting(RateGrid.Candidate::metric).doesNotHaveDuplicates()
                .contains("gridValidationAccuracy[lr=0.01,wd=0.0005]");
    }

    @Test
    void picks_the_candidate_the_validation_split_scores_best_and_reports_each() throws Exception {
        List<RateGrid.Candidate> grid = RateGrid.candidates(0.001, "adamw");
        // A cheap stand-in for training: accuracy peaks at the ×3 rate with decay.
        List<RateGrid.Candidate> screened = new ArrayList<>();
        RateGrid.Choice choice = RateGrid.choose(grid, candidate -> {
            screened.add(candidate);
            return 0.5 - Math.abs(Math.log10(candidate.learningRate() / 0.003)) + candidate.weightDecay();
        });

        assertThat(screened).isEqualTo(grid);
        assertThat(choice.chosen()).isEqualTo(new RateGrid.Candidate(0.001 * 3, 0.05));
        Map<String, Double> metrics = choice.metrics();
        assertThat(metrics).hasSize(6);
        assertThat(metrics.get(choice.chosen().metric())).isEqualTo(metrics.values().stream()
                .mapToDouble(Double::doubleValue).max().orElseThrow());
    }

    @Test
    void a_tie_keeps_the_earlier_candidate_and_a_failed_one_is_never_chosen() throws Exception {
        List<RateGrid.Candidate> grid = RateGrid.candidates(0.1, "sgd");

        RateGrid.Choice choice = RateGrid.choose(grid,
                candidate -> candidate.learningRate() > 0.1 ? Double.NaN : 0.7);

        assertThat(choice.chosen()).isEqualTo(grid.get(0));
    }
}
