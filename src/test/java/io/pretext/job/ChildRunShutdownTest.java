package io.pretext.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import io.pretext.training.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child run during a graceful stop: asked to release, then killed when it has not by the
 * deadline, its job goes back to the queue rather than counting as a failed attempt; a job claimed
 * as the stop began goes back without a child. Fake time, no database.
 */
class ChildRunShutdownTest {

    @TempDir
    Path dataDir;

    @Test
    void a_child_killed_at_the_shutdown_deadline_hands_its_job_back_instead_of_failing_it() {
        ChildRunFixture fixture = new ChildRunFixture(dataDir);
        FakeChild child = fixture.child(1000, ExitCodes.DONE);
        ChildRun run = fixture.run();
        fixture.queue.then(2, () -> HeartbeatResult.RENEWED)
                .then(1, () -> {
                    run.release();
                    return HeartbeatResult.RENEWED;
                })
                .then(1, () -> {
                    run.kill();
                    return HeartbeatResult.RENEWED;
                });

        run.run("cpu");

        assertThat(child.commands()).isEqualTo("release\n");
        assertThat(child.killed()).isTrue();
        assertThat(fixture.queue.outcomes()).containsExactly("release");
    }

    @Test
    void a_child_that_hands_back_on_request_releases_its_job() {
        ChildRunFixture fixture = new ChildRunFixture(dataDir);
        FakeChild child = fixture.child(3, ExitCodes.RELEASED);
        ChildRun run = fixture.run();
        fixture.queue.then(1, () -> {
            run.release();
            return HeartbeatResult.RENEWED;
        });

        run.run("cpu");

        assertThat(child.commands()).isEqualTo("release\n");
        assertThat(child.killed()).isFalse();
        assertThat(fixture.queue.outcomes()).containsExactly("release");
    }

    @Test
    void a_job_claimed_as_the_worker_stops_goes_back_without_starting_a_child() {
        ChildRunFixture fixture = new ChildRunFixture(dataDir);
        fixture.child(1000, ExitCodes.DONE);
        ChildRun run = fixture.run();

        run.release();
        run.run("cpu");

        assertThat(fixture.launches).hasValue(0);
        assertThat(fixture.queue.outcomes()).containsExactly("release");
    }
}
