package io.pretext.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The study statistics against numbers worked out by hand (t quantiles from a printed table). */
class PairedStatsTest {

    @Test
    void mean_and_sample_standard_deviation() {
        // (0.80 + 0.84 + 0.76) / 3 = 0.80; squares 0, 0.0016, 0.0016 sum to 0.0032; / 2 = 0.0016; sd 0.04
        PairedStats.Summary s = PairedStats.summary(List.of(0.80, 0.84, 0.76));
        assertThat(s.n()).isEqualTo(3);
        assertThat(s.mean()).isCloseTo(0.80, within(1e-12));
        assertThat(s.std()).isCloseTo(0.04, within(1e-12));
        assertThat(PairedStats.summary(List.of(0.7)).std()).as("one value has no spread to estimate").isNull();
        assertThat(PairedStats.summary(List.of()).mean()).isNull();
    }

    @Test
    void three_seeds_pair_their_differences_and_the_interval_can_include_zero() {
        // Differences 0.05, 0.08, 0.01: mean 0.046667, sd = sqrt(0.0024667 / 2) = 0.035119,
        // half-width t(0.975, 2) = 4.3027 x 0.035119 / sqrt(3) = 0.087241.
        PairedStats.Difference d = PairedStats.paired(Map.of(1L, 0.80, 2L, 0.84, 3L, 0.78),
                Map.of(1L, 0.75, 2L, 0.76, 3L, 0.77));
        assertThat(d.n()).isEqualTo(3);
        assertThat(d.mean()).isCloseTo(0.046667, within(1e-6));
        assertThat(d.low()).isCloseTo(-0.040574, within(1e-6));
        assertThat(d.high()).isCloseTo(0.133908, within(1e-6));
        assertThat(d.excludesZero()).isFalse();
        assertThat(d.note()).isNull();
    }

    @Test
    void four_consistent_seeds_give_an_interval_above_zero() {
        // Differences 0.10, 0.12, 0.11, 0.13: mean 0.115, sd 0.012910, half 3.1824 x 0.012910 / 2 = 0.020542.
        PairedStats.Difference d = PairedStats.paired(Map.of(1L, 0.90, 2L, 0.92, 3L, 0.91, 4L, 0.93),
                Map.of(1L, 0.80, 2L, 0.80, 3L, 0.80, 4L, 0.80));
        assertThat(d.low()).isCloseTo(0.094458, within(1e-6));
        assertThat(d.high()).isCloseTo(0.135542, within(1e-6));
        assertThat(d.excludesZero()).isTrue();
    }

    @Test
    void pairing_uses_only_seeds_both_arms_have() {
        PairedStats.Difference d = PairedStats.paired(Map.of(1L, 0.9, 2L, 0.5), Map.of(1L, 0.8, 3L, 0.1));
        assertThat(d.n()).isEqualTo(1);
        assertThat(d.mean()).isCloseTo(0.1, within(1e-12));
        assertThat(d.low()).isNull();
        assertThat(d.high()).isNull();
        assertThat(d.excludesZero()).isNull();
        assertThat(d.note()).isEqualTo(PairedStats.ONE_SEED);
        assertThat(PairedStats.paired(Map.of(1L, 0.9), Map.of()).n()).isZero();
    }

    @Test
    void t_quantiles_come_from_the_table() {
        assertThat(PairedStats.t975(1)).isEqualTo(12.7062);
        assertThat(PairedStats.t975(2)).isEqualTo(4.3027);
        assertThat(PairedStats.t975(30)).isEqualTo(2.0423);
        assertThat(PairedStats.t975(120)).isCloseTo(1.980, within(0.002));
        assertThatThrownBy(() -> PairedStats.t975(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
