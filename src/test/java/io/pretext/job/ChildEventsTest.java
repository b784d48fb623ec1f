package io.pretext.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pretext.training.ChildEvent;
import io.pretext.training.ChildEventCodec;
import io.pretext.training.JobKind;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A database that fails while a child reports: failed records are retried, reading never stops
 * (every later event is still recorded), and what could not be recorded is counted so the attempt
 * is not called a success.
 */
class ChildEventsTest {

    /** Records epochs, failing the first {@code failures} calls. */
    static final class FlakyProgress extends JobProgress {
        final AtomicInteger failures;
        final List<Integer> recorded = new ArrayList<>();

        FlakyProgress(int failures) {
            super(null, Clock.systemUTC(), JsonMapper.builder().build());
            this.failures = new AtomicInteger(failures);
        }

        @Override
        public void epoch(UUID jobId, int attempt, int epoch, Map<String, Double> metrics) {
            if (failures.getAndDecrement() > 0) {
                throw new DataAccessResourceFailureException("Connection refused");
            }
            recorded.add(epoch);
        }
    }

    @Test
    void a_short_outage_is_retried_and_every_later_event_is_still_recorded() {
        FlakyProgress progress = new FlakyProgress(2);
        ChildEvents events = events(progress, 3);

        events.run();

        assertThat(progress.recorded).containsExactly(1, 2, 3);
        assertThat(events.unrecorded()).isZero();
    }

    @Test
    void an_event_that_never_gets_recorded_is_counted_and_reading_goes_on() {
        FlakyProgress progress = new FlakyProgress(3); // the first event's try and both retries
        ChildEvents events = events(progress, 3);

        events.run();

        assertThat(progress.recorded).containsExactly(2, 3);
        assertThat(events.unrecorded()).isEqualTo(1);
    }

    @Test
    void the_usage_the_child_reports_last_is_kept_for_billing_not_recorded_as_an_epoch() {
        FlakyProgress progress = new FlakyProgress(0);
        ChildEvents events = events(progress, 2, new ChildEvent.Usage(42.5));
        assertThat(events.cpuSeconds()).as("nothing reported yet").isNegative();

        events.run();

        assertThat(events.cpuSeconds()).isEqualTo(42.5);
        assertThat(progress.recorded).containsExactly(1, 2);
    }

    private static ChildEvents events(JobProgress progress, int epochs, ChildEvent... last) {
        StringBuilder out = new StringBuilder();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            out.append(ChildEventCodec.write(new ChildEvent.Epoch(epoch, Map.of("loss", 1.0 / epoch)))).append('\n');
        }
        for (ChildEvent event : last) {
            out.append(ChildEventCodec.write(event)).append('\n');
        }
        WorkerContext context = new WorkerContext(null, progress, null, null, null, null, null,
                new WorkerMetrics(new SimpleMeterRegistry()), null, "test", Clock.systemUTC(), null);
        ClaimedJob job = new ClaimedJob(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), JobKind.PRETRAIN, 1, 2,
                "{}");
        return new ChildEvents(job, "cpu", 1, context,
                new ByteArrayInputStream(out.toString().getBytes(StandardCharsets.UTF_8)), new long[] {0, 0});
    }
}
