package io.pretext.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;

import io.pretext.training.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cancel request reaches a running child as {@code stop}; a child that does not stop within
 * {@link ChildRun#CANCEL_GRACE_BEATS} heartbeats, at least {@link ChildRun#MIN_CANCEL_GRACE} (a PIXELS
 * fit or a linear probe's solver, which never read their stdin), is killed and its job still ends
 * cancelled, not succeeded minutes later. Fake time (heartbeats every 5 s), no database.
 */
class ChildRunCancelTest {

    @TempDir
    Path dataDir;

    @Test
    void a_child_that_ignores_the_stop_request_is_killed_after_the_grace_and_its_job_ends_cancelled() {
        ChildRunFixture fixture = new ChildRunFixture(dataDir);
        FakeChild child = fixture.child(1000, ExitCodes.DONE);
        fixture.queue.then(1000, () -> HeartbeatResult.CANCEL_REQUESTED);

        fixture.run().run("cpu");

        assertThat(child.commands()).as("asked first").startsWith("stop\n");
        assertThat(child.killed()).isTrue();
        assertThat(fixture.queue.outcomes()).containsExactly("cancelled");
        // Asked at the first heartbeat (5 s), killed at the one 3 heartbeats later.
        assertThat(fixture.elapsedSeconds()).isEqualTo(5 + 5 * ChildRun.CANCEL_GRACE_BEATS);
    }

    @Test
    void with_short_heartbeats_a_child_still_gets_the_minimum_grace() {
        ChildRunFixture fixture = new ChildRunFixture(dataDir, Duration.ofSeconds(1));
        FakeChild child = fixture.child(1000, ExitCodes.DONE);
        fixture.queue.then(1000, () -> HeartbeatResult.CANCEL_REQUESTED);

        fixture.run().run("cpu");

        assertThat(child.killed()).isTrue();
        assertThat(fixture.elapsedSeconds()).isEqualTo(1 + ChildRun.MIN_CANCEL_GRACE.toSeconds());
    }

    @Test
    void a_child_that_stops_within_the_grace_is_not_killed() {
        ChildRunFixture fixture = new ChildRunFixture(dataDir);
        FakeChild child = fixture.child(3, ExitCodes.CANCELLED);
        fixture.queue.then(1000, () -> HeartbeatResult.CANCEL_REQUESTED);

        fixture.run().run("cpu");

        assertThat(child.killed()).isFalse();
        assertThat(child.commands()).isEqualTo("stop\n");
        assertThat(fixture.queue.outcomes()).containsExactly("cancelled");
    }

    @Test
    void a_child_that_finishes_its_work_within_the_grace_keeps_its_result() {
        ChildRunFixture fixture = new ChildRunFixture(dataDir);
        FakeChild child = fixture.child(2, ExitCodes.DONE);
        fixture.queue.then(1000, () -> HeartbeatResult.CANCEL_REQUESTED);

        fixture.run().run("cpu");

        assertThat(child.killed()).isFalse();
        assertThat(fixture.queue.outcomes()).containsExactly("succeed");
    }
}
