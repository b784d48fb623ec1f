package io.pretext.training.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    @Test
    void warmup_cosine_rises_linearly_then_falls_to_zero() {
        LearningRateSchedule schedule = new LearningRateSchedule("warmup-cosine", 0.1, 200);
        // 5% of 200 steps = 10 warm-up steps.
        assertThat(schedule.at(0)).isCloseTo(0.01, within(1e-12));
        assertThat(schedule.at(9)).isCloseTo(0.1, within(1e-12));
        assertThat(schedule.at(10)).isCloseTo(0.1, within(1e-12));
        assertThat(schedule.at(105)).isCloseTo(0.05, within(1e-12));
        assertThat(schedule.at(200)).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void constant_and_cosine() {
        assertThat(new LearningRateSchedule("constant", 0.3, 10).at(7)).isEqualTo(0.3);
        assertThat(new LearningRateSchedule("cosine", 0.2, 100).at(50)).isCloseTo(0.1, within(1e-12));
    }
}
