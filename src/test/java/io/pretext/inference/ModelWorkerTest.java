package io.pretext.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.pretext.job.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** Dynamic batching without Spring: a fake model held on a latch decides what is queued when. */
class ModelWorkerTest {

    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
    final List<Duration> waits = new CopyOnWriteArrayList<>();
    final List<Integer> reportedBatches = new CopyOnWriteArrayList<>();
    final Instant later = clock.instant().plusSeconds(60);
    ModelWorker worker;

    @AfterEach
    void close() {
        if (worker != null) {
            worker.close();
        }
    }

    ModelWorker worker(FakeModel model, int maxBatchSize, Duration maxDelay, int capacity) {
        var properties = new InferenceProperties(maxBatchSize, maxDelay, capacity, Duration.ofSeconds(30),
                DataSize.ofMegabytes(1), 256, DataSize.ofMegabytes(1), 1_000_000, DataSize.ofMegabytes(1));
        worker = new ModelWorker("test", model, properties, clock, new ModelWorker.Listener() {
            @Override
            public void batch(Operation operation, int images, Duration took) {
                reportedBatches.add(images);
            }

            @Override
            public void queued(Duration wait) {
                waits.add(wait);
            }
        });
        return worker;
    }

    static byte[] images(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void requests_queued_while_the_model_is_busy_share_the_next_forward_pass_up_to_the_batch_size() throws Exception {
        FakeModel model = new FakeModel(true, 1);
        worker(model, 4, Duration.ZERO, 16);
        var first = worker.submit(Operation.EMBEDDINGS, images(1), 1, later);
        model.awaitEntered();
        List<CompletableFuture<float[][]>> queued = new ArrayList<>();
        queued.add(worker.submit(Operation.EMBEDDINGS, images(2), 1, later));
        queued.add(worker.submit(Operation.EMBEDDINGS, images(3, 4), 2, later));
        queued.add(worker.submit(Operation.EMBEDDINGS, images(5), 1, later));
        queued.add(worker.submit(Operation.EMBEDDINGS, images(6, 7), 2, later));
        model.release();

        assertThat(first.get(10, TimeUnit.SECONDS)).isDeepEqualTo(new float[][] {{1, 0}});
        assertThat(queued.get(1).get(10, TimeUnit.SECONDS)).isDeepEqualTo(new float[][] {{3, 0}, {4, 0}});
        assertThat(queued.get(3).get(10, TimeUnit.SECONDS)).isDeepEqualTo(new float[][] {{6, 0}, {7, 0}});
        assertThat(model.batches).as("1, then 1+2+1 = 4 (full), then the 2 that did not fit").containsExactly(1, 4, 2);
        assertThat(reportedBatches).containsExactly(1, 4, 2);
    }

    @Test
    void the_first_request_waits_up_to_max_delay_for_the_batch_to_fill() throws Exception {
        FakeModel model = new FakeModel(false, 1);
        worker(model, 3, Duration.ofMinutes(10), 16);
        List<CompletableFuture<float[][]>> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            results.add(worker.submit(Operation.EMBEDDINGS, images(i), 1, later));
        }

        for (var result : results) {
            result.get(10, TimeUnit.SECONDS);
        }
        assertThat(model.batches).as("one pass once full, long before max-delay").containsExactly(3);
    }

    @Test
    void a_partial_batch_runs_once_max_delay_has_passed() throws Exception {
        FakeModel model = new FakeModel(false, 1);
        worker(model, 32, Duration.ofMillis(20), 16);

        assertThat(worker.submit(Operation.EMBEDDINGS, images(9), 1, later).get(10, TimeUnit.SECONDS))
                .isDeepEqualTo(new float[][] {{9, 0}});
        assertThat(model.batches).containsExactly(1);
    }

    @Test
    void embeddings_and_classifications_in_one_batch_get_a_pass_each() throws Exception {
        FakeModel model = new FakeModel(true, 1);
        worker(model, 8, Duration.ZERO, 16);
        worker.submit(Operation.EMBEDDINGS, images(1), 1, later);
        model.awaitEntered();
        var embedding = worker.submit(Operation.EMBEDDINGS, images(2), 1, later);
        var classification = worker.submit(Operation.CLASSIFICATIONS, images(3), 1, later);
        model.release();

        assertThat(embedding.get(10, TimeUnit.SECONDS)).isDeepEqualTo(new float[][] {{2, 0}});
        assertThat(classification.get(10, TimeUnit.SECONDS)).isDeepEqualTo(new float[][] {{3, 1}});
    }

    @Test
    void a_full_queue_refuses_the_next_request() throws Exception {
        FakeModel model = new FakeModel(true, 1);
        worker(model, 1, Duration.ZERO, 2);
        worker.submit(Operation.EMBEDDINGS, images(1), 1, later);
        model.awaitEntered();
        worker.requireRoom();
        worker.submit(Operation.EMBEDDINGS, images(2), 1, later);
        worker.submit(Operation.EMBEDDINGS, images(3), 1, later);

        assertThatThrownBy(() -> worker.submit(Operation.EMBEDDINGS, images(4), 1, later))
                .isInstanceOfSatisfying(InferenceRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(InferenceRejectedException.Reason.QUEUE_FULL));
        assertThatThrownBy(worker::requireRoom).isInstanceOf(InferenceRejectedException.class);
        model.release();
    }

    @Test
    void a_request_past_its_deadline_is_answered_with_a_timeout_and_never_runs() throws Exception {
        FakeModel model = new FakeModel(true, 1);
        worker(model, 8, Duration.ZERO, 16);
        worker.submit(Operation.EMBEDDINGS, images(1), 1, later);
        model.awaitEntered();
        var late = worker.submit(Operation.EMBEDDINGS, images(2), 1, clock.instant().plusSeconds(1));
        var inTime = worker.submit(Operation.EMBEDDINGS, images(3), 1, later);
        clock.advance(Duration.ofSeconds(2));
        model.release();

        assertThat(inTime.get(10, TimeUnit.SECONDS)).isDeepEqualTo(new float[][] {{3, 0}});
        assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(InferenceRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(InferenceRejectedException.Reason.TIMEOUT));
        assertThat(model.batches).containsExactly(1, 1);
        assertThat(waits).as("queue time by the clock").contains(Duration.ofSeconds(2));
    }

    @Test
    void a_model_error_fails_only_its_batch_and_the_worker_goes_on() throws Exception {
        FakeModel model = new FakeModel(false, 1);
        worker(model, 8, Duration.ZERO, 16);
        model.failure = new IllegalStateException("native crash");
        var failed = worker.submit(Operation.EMBEDDINGS, images(1), 1, later);
        assertThatThrownBy(() -> failed.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class);
        model.failure = null;

        assertThat(worker.submit(Operation.EMBEDDINGS, images(2), 1, later).get(10, TimeUnit.SECONDS))
                .isDeepEqualTo(new float[][] {{2, 0}});
    }

    @Test
    void a_request_larger_than_the_batch_size_runs_in_chunks() throws Exception {
        FakeModel model = new FakeModel(false, 1);
        worker(model, 2, Duration.ZERO, 16);

        assertThat(worker.submit(Operation.EMBEDDINGS, images(1, 2, 3, 4, 5), 5, later).get(10, TimeUnit.SECONDS))
                .isDeepEqualTo(new float[][] {{1, 0}, {2, 0}, {3, 0}, {4, 0}, {5, 0}});
        assertThat(model.batches).containsExactly(2, 2, 1);
    }

    @Test
    void closing_serves_what_is_queued_then_closes_the_model_and_refuses_more() throws Exception {
        FakeModel model = new FakeModel(true, 1);
        worker(model, 1, Duration.ZERO, 16);
        worker.submit(Operation.EMBEDDINGS, images(1), 1, later);
        model.awaitEntered();
        var queued = worker.submit(Operation.EMBEDDINGS, images(2), 1, later);
        worker.close();
        model.release();

        assertThat(queued.get(10, TimeUnit.SECONDS)).isDeepEqualTo(new float[][] {{2, 0}});
        assertThat(worker.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(model.closed.getCount()).isZero();
        assertThatThrownBy(() -> worker.submit(Operation.EMBEDDINGS, images(3), 1, later))
                .isInstanceOf(InferenceRejectedException.class);
    }
}
