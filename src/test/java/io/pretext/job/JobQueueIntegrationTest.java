package io.pretext.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.pretext.testing.IntegrationTest;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.JobKind;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The Postgres queue against a real database, with a clock the test moves. */
@IntegrationTest
class JobQueueIntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"), ZoneOffset.UTC);
    final LeasePolicy policy = new LeasePolicy(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMinutes(1));
    /** The events the queue and the service published. */
    final List<Object> published = new java.util.concurrent.CopyOnWriteArrayList<>();
    JobQueue queue;
    JobService jobs;
    UUID tenant;
    UUID experiment;

    @BeforeEach
    void setUp() {
        JobDependents dependents = new JobDependents(jdbc);
        queue = new JobQueue(jdbc, clock, policy, dependents, published::add);
        jobs = new JobService(jdbc, clock, dependents, published::add);
        tenant = UUID.randomUUID();
        experiment = UUID.randomUUID();
        jdbc.sql("insert into tenants (id, name, created_at) values (:id, :name, now())")
                .param("id", tenant).param("name", "q-" + tenant.toString().substring(0, 20)).update();
        jdbc.sql("insert into experiments (id, tenant_id, name, spec, created_at) values (:id, :t, 'q', '{}', now())")
                .param("id", experiment).param("t", tenant).update();
        // The queue is global: jobs of other tests must not be claimed here, so park them.
        jdbc.sql("update jobs set not_before = '9999-01-01' where state = 'QUEUED' and tenant_id <> :t")
                .param("t", tenant).update();
    }

    @Test
    void a_job_waits_for_its_dependency_and_priority_decides_among_runnable_jobs() {
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        UUID urgent = UUID.randomUUID();
        enqueue(job(first, 0, 1), job(second, 10, 1, first), job(urgent, 5, 1));

        assertThat(claim("w").map(ClaimedJob::id)).hasValue(urgent);
        assertThat(claim("w").map(ClaimedJob::id)).hasValue(first);
        assertThat(claim("w")).as("second waits for first").isEmpty();
        assertThat(queue.succeed(first, "w")).isTrue();
        assertThat(claim("w").map(ClaimedJob::id)).hasValue(second);
    }

    @Test
    void two_workers_claim_500_jobs_exactly_once_each() throws Exception {
        List<NewJob> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            batch.add(job(UUID.randomUUID(), i % 3, 0));
        }
        enqueue(batch.toArray(NewJob[]::new));
        Set<UUID> claimed = ConcurrentHashMap.newKeySet();
        List<UUID> duplicates = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> workers = new ArrayList<>();
        for (String worker : List.of("worker-a", "worker-b")) {
            workers.add(pool.submit(() -> {
                int mine = 0;
                for (Optional<ClaimedJob> job = claim(worker); job.isPresent(); job = claim(worker)) {
                    if (!claimed.add(job.get().id())) {
                        duplicates.add(job.get().id());
                    }
                    assertThat(queue.succeed(job.get().id(), worker)).isTrue();
                    mine++;
                }
                return mine;
            }));
        }
        int a = workers.get(0).get();
        int b = workers.get(1).get();
        pool.shutdown();

        assertThat(duplicates).isEmpty();
        assertThat(claimed).hasSize(500);
        assertThat(a + b).isEqualTo(500);
        assertThat(count(JobState.SUCCEEDED)).isEqualTo(500);
    }

    @Test
    void an_expired_lease_is_reaped_retried_after_back_off_and_fails_after_max_restarts() {
        UUID id = UUID.randomUUID();
        UUID dependent = UUID.randomUUID();
        enqueue(job(id, 0, 1), job(dependent, 0, 1, id));

        assertThat(claim("dead-worker")).isPresent();
        clock.advance(Duration.ofSeconds(31));
        assertThat(queue.reapExpired()).isPositive();
        assertThat(state(id)).isEqualTo(JobState.QUEUED);
        assertThat(queue.heartbeat(id, "dead-worker")).isEqualTo(HeartbeatResult.LEASE_LOST);
        assertThat(claim("other")).as("back-off: not before 5 s").isEmpty();

        clock.advance(Duration.ofSeconds(5));
        Optional<ClaimedJob> second = claim("other");
        assertThat(second.map(ClaimedJob::attempt)).hasValue(2);
        clock.advance(Duration.ofSeconds(31));
        queue.reapExpired();

        JobView failed = jobs.get(tenant, id);
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.lastError()).contains("lease expired");
        JobView cancelled = jobs.get(tenant, dependent);
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.lastError()).contains(id.toString()).contains("failed");
    }

    @Test
    void heartbeats_keep_a_lease_alive_past_its_first_expiry() {
        UUID id = UUID.randomUUID();
        enqueue(job(id, 0, 0));
        claim("w");

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(20));
            assertThat(queue.heartbeat(id, "w")).isEqualTo(HeartbeatResult.RENEWED);
            queue.reapExpired();
            assertThat(state(id)).isEqualTo(JobState.RUNNING);
        }
        assertThat(state(id)).isEqualTo(JobState.RUNNING);
    }

    @Test
    void cancelling_queued_jobs_is_immediate_and_running_ones_stop_at_the_next_heartbeat() {
        UUID queued = UUID.randomUUID();
        UUID downstream = UUID.randomUUID();
        UUID running = UUID.randomUUID();
        enqueue(job(running, 9, 0), job(queued, 0, 0), job(downstream, 0, 0, queued));
        claim("w");

        jobs.cancel(tenant, queued);
        jobs.cancel(tenant, running);

        assertThat(state(queued)).isEqualTo(JobState.CANCELLED);
        assertThat(state(downstream)).isEqualTo(JobState.CANCELLED);
        assertThat(state(running)).isEqualTo(JobState.RUNNING);
        assertThat(queue.heartbeat(running, "w")).isEqualTo(HeartbeatResult.CANCEL_REQUESTED);
        assertThat(queue.cancelled(running, "w")).isTrue();
        assertThat(state(running)).isEqualTo(JobState.CANCELLED);
        assertThat(published).as("each cancelled job whose own cancellation made it final; not its cascade")
                .containsExactly(new JobFinished(tenant, experiment, queued, JobState.CANCELLED),
                        new JobFinished(tenant, experiment, running, JobState.CANCELLED));
    }

    @Test
    void a_job_that_becomes_final_is_announced_once_and_a_retried_attempt_is_not() {
        UUID retried = UUID.randomUUID();
        UUID succeeded = UUID.randomUUID();
        enqueue(job(retried, 5, 1), job(succeeded, 0, 0));
        claim("w");
        claim("w");

        assertThat(queue.fail(retried, "w", "child exited with 137")).isTrue();
        assertThat(queue.succeed(succeeded, "w")).isTrue();
        assertThat(queue.succeed(succeeded, "w")).as("finished already").isFalse();
        clock.advance(Duration.ofMinutes(5));
        claim("w");
        assertThat(queue.failPermanently(retried, "w", "bad input")).isTrue();

        assertThat(published).containsExactly(new JobFinished(tenant, experiment, succeeded, JobState.SUCCEEDED),
                new JobFinished(tenant, experiment, retried, JobState.FAILED));
    }

    @Test
    void a_failed_attempt_with_restarts_left_is_requeued_and_a_released_job_keeps_its_attempt_count() {
        UUID id = UUID.randomUUID();
        enqueue(job(id, 0, 2));
        claim("w");

        assertThat(queue.fail(id, "w", "child exited with 137")).isTrue();
        assertThat(jobs.get(tenant, id).lastError()).isEqualTo("child exited with 137");
        clock.advance(Duration.ofSeconds(5));
        assertThat(claim("w").map(ClaimedJob::attempt)).hasValue(2);
        assertThat(queue.release(id, "w")).isTrue();
        assertThat(claim("w").map(ClaimedJob::attempt)).hasValue(2);
        assertThat(queue.fail(id, "stranger", "not mine")).as("only the lease holder may report").isFalse();
    }

    @Test
    void a_running_job_shows_its_latest_progress_with_the_phase_it_is_in() {
        UUID id = UUID.randomUUID();
        enqueue(job(id, 0, 0));
        claim("w");
        JobProgress progress = new JobProgress(jdbc, clock, tools.jackson.databind.json.JsonMapper.builder().build());

        progress.live(id, 1, new io.pretext.training.ChildEvent.Progress(1, 5, 3, 10, 64, 120,
                "rate grid: screen 3 of 6 (lr=0.0003, wd=0)"));
        LiveProgress screening = jobs.get(tenant, id).progress();
        queue.release(id, "w");
        LiveProgress released = jobs.get(tenant, id).progress();
        claim("w");
        progress.live(id, 1, new io.pretext.training.ChildEvent.Progress(1, 5, 2, 10, 64, 130,
                "rate grid: screen 1 of 6 (lr=0.001, wd=0)"));
        progress.live(id, 1, new io.pretext.training.ChildEvent.Progress(1, 15, 1, 10, 64, 90));
        LiveProgress training = jobs.get(tenant, id).progress();
        progress.live(id, 1, new io.pretext.training.ChildEvent.Progress(1, 5, 1, 10, 64, 140,
                "rate grid: screen 1 of 6 (lr=0.001, wd=0)"));
        queue.succeed(id, "w");
        LiveProgress ended = jobs.get(tenant, id).progress();

        assertThat(screening.phase()).isEqualTo("rate grid: screen 3 of 6 (lr=0.0003, wd=0)");
        assertThat(screening.epochs()).isEqualTo(5);
        assertThat(training.phase()).as("the training proper").isNull();
        assertThat(training.epochs()).isEqualTo(15);
        assertThat(training.etaSeconds()).isEqualTo(90);
        assertThat(released.phase()).as("a job given back to the queue is in no phase").isNull();
        assertThat(ended.phase()).as("a job that ended during a screen says so").isEqualTo(
                "rate grid: screen 1 of 6 (lr=0.001, wd=0)");
        assertThat(ended.epochs()).as("its last report stays").isEqualTo(5);
    }

    @Test
    void checkpoint_garbage_collection_keeps_the_latest_and_the_best() {
        UUID id = UUID.randomUUID();
        enqueue(job(id, 0, 0));
        JobProgress progress = new JobProgress(jdbc, clock, tools.jackson.databind.json.JsonMapper.builder().build());
        double[] accuracy = {0.5, 0.9, 0.6, 0.7};
        for (int epoch = 1; epoch <= 4; epoch++) {
            progress.checkpoint(id, 1, epoch, ArtifactLayout.epoch(ArtifactLayout.checkpoints(id), epoch),
                    java.util.Map.of("validationAccuracy", accuracy[epoch - 1]));
        }

        List<String> removed = progress.collectGarbage(id, 1);

        assertThat(removed).containsExactlyInAnyOrder(ArtifactLayout.epoch(ArtifactLayout.checkpoints(id), 1),
                ArtifactLayout.epoch(ArtifactLayout.checkpoints(id), 3));
        assertThat(progress.latest(id).map(JobProgress.Checkpoint::epoch)).hasValue(4);
        assertThat(progress.best(id).map(JobProgress.Checkpoint::epoch)).hasValue(2);
    }

    private Optional<ClaimedJob> claim(String worker) {
        return queue.claim(worker);
    }

    private NewJob job(UUID id, int priority, int maxRestarts, UUID... dependsOn) {
        return new NewJob(id, JobKind.PRETRAIN, priority, maxRestarts, "{}", List.of(dependsOn));
    }

    private void enqueue(NewJob... batch) {
        jobs.enqueue(tenant, experiment, List.of(batch));
    }

    private JobState state(UUID id) {
        return jobs.get(tenant, id).state();
    }

    private long count(JobState state) {
        return jdbc.sql("select count(*) from jobs where tenant_id = :t and state = :s").param("t", tenant)
                .param("s", state.name()).query(Long.class).single();
    }
}
