package io.pretext.training.loop;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class LearningRateScheduleRestartsTest {

    @Test
    void each_stage_runs_its_own_warmup_and_cosine_from_its_restart() {
        LearningRateSchedule staged = new LearningRateSchedule("warmup-cosine", 0.1, 300, List.of(100, 200));
        LearningRateSchedule stage = new LearningRateSchedule("warmup-cosine", 0.1, 100);

        for (int step = 0; step < 100; step++) {
            assertThat(staged.at(step)).isEqualTo(stage.at(step));
            assertThat(staged.at(100 + step)).isEqualTo(stage.at(step));
            assertThat(staged.at(200 + step)).isEqualTo(stage.at(step));
        }
        assertThat(staged.at(100)).as("a fresh warm-up, not the decayed rate").isLessThan(staged.at(104));
    }

    @Test
    void without_restarts_it_is_the_single_curve() {
        LearningRateSchedule plain = new LearningRateSchedule("cosine", 0.1, 50);
        LearningRateSchedule none = new LearningRateSchedule("cosine", 0.1, 50, List.of());

        for (int step = 0; step < 50; step++) {
            assertThat(none.at(step)).isEqualTo(plain.at(step));
        }
        assertThat(plain.at(49)).isLessThan(plain.at(1));
    }
}
