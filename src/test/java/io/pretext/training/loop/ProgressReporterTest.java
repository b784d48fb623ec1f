package io.pretext.training.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.pretext.training.ChildEvent;
import io.pretext.training.ChildEventCodec;
import org.junit.jupiter.api.Test;

/** Progress reports: the first step at once, then one per interval, with rate and time left. */
class ProgressReporterTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<ChildEvent.Progress> sent = new ArrayList<>();
    // Epochs 1..3 of 10 steps each, 32 samples per step, a report every 5 s.
    private final ProgressReporter reporter = new ProgressReporter(sent::add, nanos::get, Duration.ofSeconds(5), 3,
            10, 32);

    @Test
    void reports_the_first_step_then_once_per_interval_with_rate_and_time_left() {
        reporter.onEpochStart(1);
        for (int step = 0; step < 10; step++) {
            nanos.addAndGet(1_000_000_000L); // one step per second
            reporter.onStep(1, step, 0.5);
        }
        reporter.onEpochStart(2);
        nanos.addAndGet(1_000_000_000L);
        reporter.onStep(2, 0, 0.5);

        assertThat(sent).extracting(ChildEvent.Progress::epoch, ChildEvent.Progress::step)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, 1), org.assertj.core.groups.Tuple.tuple(1, 6),
                        org.assertj.core.groups.Tuple.tuple(2, 1));
        ChildEvent.Progress sixth = sent.get(1);
        assertThat(sixth.epochs()).isEqualTo(3);
        assertThat(sixth.steps()).isEqualTo(10);
        assertThat(sixth.samplesPerSecond()).isCloseTo(32.0, within(1e-9));
        assertThat(sixth.etaSeconds()).as("24 steps left at one a second").isCloseTo(24.0, within(1e-9));
        assertThat(sent.get(2).etaSeconds()).isCloseTo(19.0, within(1e-9));
    }

    @Test
    void a_resumed_run_counts_its_own_steps_and_the_report_survives_the_wire() {
        reporter.onEpochStart(3);
        nanos.addAndGet(2_000_000_000L);
        reporter.onStep(3, 7, 0.5);

        ChildEvent.Progress first = sent.get(0);
        assertThat(first.samplesPerSecond()).isCloseTo(16.0, within(1e-9));
        assertThat(first.etaSeconds()).as("two steps left at half a step a second").isCloseTo(4.0, within(1e-9));
        assertThat(ChildEventCodec.read(ChildEventCodec.write(first))).contains(first);
    }

    @Test
    void a_phase_before_the_training_proper_is_named_and_the_steps_after_it_count_in_the_time_left() {
        // A screen of 2 epochs of 10 steps, with 100 steps of the job still to come after it.
        ProgressReporter screen = new ProgressReporter(sent::add, nanos::get, Duration.ofSeconds(5), 2, 10, 32,
                "rate grid: screen 1 of 6 (lr=0.001, wd=0)", 100);
        screen.onEpochStart(1);
        nanos.addAndGet(1_000_000_000L);
        screen.onStep(1, 0, 0.5);

        ChildEvent.Progress first = sent.get(0);
        assertThat(first.phase()).isEqualTo("rate grid: screen 1 of 6 (lr=0.001, wd=0)");
        assertThat(first.etaSeconds()).as("19 steps of the screen and 100 after it").isCloseTo(119.0, within(1e-9));
        assertThat(ChildEventCodec.read(ChildEventCodec.write(first))).contains(first);
        reporter.onEpochStart(1);
        reporter.onStep(1, 0, 0.5);
        assertThat(sent.get(1).phase()).as("the training proper").isNull();
    }
}
