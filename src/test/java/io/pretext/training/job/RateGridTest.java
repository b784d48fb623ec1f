package io.pretext.training.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

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

        // The winner is the grid's top rate, so one step beyond it is screened too, and loses.
        assertThat(screened.subList(0, grid.size())).isEqualTo(grid);
        assertThat(screened).hasSize(grid.size() + 1);
        assertThat(choice.chosen()).isEqualTo(new RateGrid.Candidate(0.001 * 3, 0.05));
        Map<String, Double> metrics = choice.metrics();
        assertThat(metrics).hasSize(7);
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

    @Test
    void a_winning_top_rate_is_followed_upwards_with_its_decay_until_a_step_stops_helping() throws Exception {
        List<RateGrid.Candidate> grid = RateGrid.candidates(0.001, "adamw");
        List<RateGrid.Candidate> screened = new ArrayList<>();
        // Accuracy peaks at 0.009 (one step beyond the grid's 0.003) without decay.
        RateGrid.Choice choice = RateGrid.choose(grid, candidate -> {
            screened.add(candidate);
            return 0.5 - Math.abs(Math.log10(candidate.learningRate() / 0.009)) - candidate.weightDecay();
        });

        assertThat(screened.subList(0, grid.size())).isEqualTo(grid);
        assertThat(screened.subList(grid.size(), screened.size())).extracting(RateGrid.Candidate::weightDecay)
                .containsOnly(0.0);
        assertThat(screened.subList(grid.size(), screened.size()))
                .extracting(candidate -> Math.round(candidate.learningRate() * 1e6))
                .containsExactly(9_000L, 27_000L);
        assertThat(choice.chosen().learningRate()).isCloseTo(0.009, within(1e-12));
        assertThat(choice.metrics()).hasSize(8);
    }

    @Test
    void the_bottom_edge_is_followed_downwards_at_most_twice_and_an_inner_winner_not_at_all() throws Exception {
        List<RateGrid.Candidate> grid = RateGrid.candidates(0.1, "sgd");
        List<RateGrid.Candidate> screened = new ArrayList<>();

        RateGrid.Choice lower = RateGrid.choose(grid, candidate -> {
            screened.add(candidate);
            return 1 - candidate.learningRate();
        });
        RateGrid.Choice inner = RateGrid.choose(grid, candidate -> candidate.learningRate() == 0.1 ? 0.9 : 0.5);

        assertThat(screened).hasSize(grid.size() + RateGrid.MAX_EXTENSIONS);
        assertThat(lower.chosen().learningRate()).isCloseTo(0.1 * 0.3 * 0.3 * 0.3, within(1e-12));
        assertThat(inner.chosen()).isEqualTo(grid.get(0));
        assertThat(inner.metrics()).hasSize(grid.size());
    }

    @Test
    void a_grid_that_scored_nothing_keeps_the_specs_own_rate() throws Exception {
        List<RateGrid.Candidate> grid = RateGrid.candidates(0.01, "sgd");

        RateGrid.Choice choice = RateGrid.choose(grid, candidate -> Double.NaN);

        assertThat(choice.chosen()).isEqualTo(grid.get(0));
        assertThat(choice.metrics()).hasSize(grid.size());
    }
}
