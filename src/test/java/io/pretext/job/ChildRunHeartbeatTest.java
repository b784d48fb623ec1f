package io.pretext.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

import io.pretext.training.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataAccessResourceFailureException;

/**
 * db-scheduler's rule for heartbeats: a failed one is counted and ridden out while the lease still
 * holds (last renewal + lease is after now); the child is stopped only once the lease would really
 * have run out, because then another worker may own the job. Fake time (heartbeats every 5 s,
 * 30 s leases), no database.
 */
class ChildRunHeartbeatTest {

    static final Supplier<HeartbeatResult> DATABASE_DOWN = () -> {
        throw new DataAccessResourceFailureException("Connection refused");
    };

    @TempDir
    Path dataDir;

    @Test
    void an_outage_shorter_than_the_lease_is_ridden_out_and_the_attempt_ends_normally() {
        ChildRunFixture fixture = new ChildRunFixture(dataDir);
        FakeChild child = fixture.child(12, ExitCodes.DONE);
        fixture.queue.then(1, () -> HeartbeatResult.RENEWED).then(5, DATABASE_DOWN);

        fixture.run().run("cpu");

        assertThat(child.killed()).as("the child survived 25 s of failed heartbeats within a 30 s lease").isFalse();
        assertThat(fixture.queue.outcomes()).containsExactly("succeed");
        assertThat(fixture.queue.heartbeatCalls()).as("heartbeats went on, and recovered").isEqualTo(12);
        assertThat(fixture.registry.counter("pretext.job.heartbeat.failures").count()).isEqualTo(5);
    }

    @Test
    void an_outage_as_long_as_the_lease_stops_the_child_when_the_lease_runs_out_not_before() {
        ChildRunFixture fixture = new ChildRunFixture(dataDir);
        FakeChild child = fixture.child(1000, ExitCodes.DONE);
        fixture.queue.then(1, () -> HeartbeatResult.RENEWED).then(1000, DATABASE_DOWN);

        fixture.run().run("cpu");

        // Renewed at 5 s, so the lease ran out at 35 s.
        assertThat(child.killed()).isTrue();
        assertThat(fixture.elapsedSeconds()).isEqualTo(35);
    }

    @Test
    void a_heartbeat_that_hangs_past_the_lease_stops_the_child_without_waiting_for_the_database() {
        ChildRunFixture fixture = new ChildRunFixture(dataDir, Duration.ofMillis(20));
        FakeChild child = fixture.child(1000, ExitCodes.DONE);
        fixture.queue.then(1, () -> {
            fixture.clock.advance(Duration.ofSeconds(31));
            try {
                Thread.sleep(Long.MAX_VALUE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new DataAccessResourceFailureException("interrupted");
        });

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> fixture.run().run("cpu"));

        assertThat(child.killed()).isTrue();
    }

    @Test
    void a_lost_lease_stops_the_child_at_once() {
        ChildRunFixture fixture = new ChildRunFixture(dataDir);
        FakeChild child = fixture.child(1000, ExitCodes.DONE);
        fixture.queue.then(2, () -> HeartbeatResult.RENEWED).then(1, () -> HeartbeatResult.LEASE_LOST);

        fixture.run().run("cpu");

        assertThat(child.killed()).isTrue();
        assertThat(fixture.elapsedSeconds()).isEqualTo(15);
    }
}
