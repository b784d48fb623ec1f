package io.pretext.inference;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Dynamic batching for one loaded model: requests wait in a bounded queue; one thread takes the
 * oldest, waits until it has been queued for {@code maxDelay} or the batch holds
 * {@code maxBatchSize} images, and runs one forward pass per operation in the batch. Requests
 * already queued while the model was busy go into the next batch at once. A request past its
 * deadline, or given up by its caller, is skipped. {@link #submit} is thread-safe.
 */
final class ModelWorker implements AutoCloseable {

    /** What the worker reports, for metrics. Called on the worker thread. */
    interface Listener {
        /** One operation's forward pass(es) over {@code images} inputs took {@code took} (wall time). */
        void batch(Operation operation, int images, Duration took);

        void queued(Duration wait);
    }

    private final BatchModel model;
    private final int maxBatchSize;
    private final long maxDelayNanos;
    private final Clock clock;
    private final Listener listener;
    private final AdmissionPolicy admission;
    private final BlockingQueue<Pending> queue;
    private final Thread thread;
    private Pending carried;
    private volatile boolean closed;

    ModelWorker(String name, BatchModel model, InferenceProperties properties, Clock clock, Listener listener) {
        this.model = model;
        this.maxBatchSize = properties.maxBatchSize();
        this.maxDelayNanos = properties.maxDelay().toNanos();
        this.clock = clock;
        this.admission = new AdmissionPolicy(maxBatchSize, properties.maxDelay(), properties.timeout(),
                properties.queueCapacity());
        this.listener = new Listener() {
            @Override
            public void batch(Operation operation, int images, Duration took) {
                admission.passed(images, took);
                listener.batch(operation, images, took);
            }

            @Override
            public void queued(Duration wait) {
                listener.queued(wait);
            }
        };
        this.queue = new ArrayBlockingQueue<>(properties.queueCapacity());
        this.thread = new Thread(this::run, "inference-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Queues {@code count} images (uint8 CHW, concatenated) for {@code operation}.
     *
     * @return the rows, one per image, completed on the worker thread (exceptionally with the
     *     model's error, or an {@link InferenceRejectedException} past the deadline)
     * @throws InferenceRejectedException when the queue is full or the worker is closed
     */
    synchronized CompletableFuture<float[][]> submit(Operation operation, byte[] pixels, int count, Instant deadline) {
        if (closed) {
            throw new InferenceRejectedException(InferenceRejectedException.Reason.UNLOADED,
                    "the model was unloaded", Duration.ofSeconds(1));
        }
        Pending pending = new Pending(operation, pixels, count, clock.instant(), System.nanoTime(), deadline);
        if (!queue.offer(pending)) {
            throw queueFull();
        }
        return pending.result;
    }

    /**
     * Admits one request to this model before its body is read ({@link AdmissionPolicy}); close
     * the ticket once it is answered. Thread-safe.
     *
     * @throws InferenceRejectedException {@code OVERLOADED} when the model cannot serve one more in time
     */
    AdmissionPolicy.Ticket admit() {
        return admission.admit();
    }

    /**
     * An admitted request turned out to need forward passes over {@code images} inputs in all (its
     * inputs times its operations), for the admission estimate.
     */
    void requested(int images) {
        admission.requested(images);
    }

    /** The admission limit now and the requests admitted, for metrics. */
    AdmissionPolicy admission() {
        return admission;
    }

    /** A text model's input for {@code texts} ({@link BatchModel#encodeTexts}); any thread. */
    byte[] encodeTexts(java.util.List<String> texts) {
        return model.encodeTexts(texts);
    }

    /** A CLIP model's logit scale ({@link BatchModel#logitScale}); any thread. */
    float logitScale() {
        return model.logitScale();
    }

    /**
     * Fails fast when the queue is full now, so a caller can refuse before preparing its input
     * ({@link #submit} still decides).
     *
     * @throws InferenceRejectedException when the queue is full
     */
    void requireRoom() {
        if (queue.remainingCapacity() == 0) {
            throw queueFull();
        }
    }

    private static InferenceRejectedException queueFull() {
        return new InferenceRejectedException(InferenceRejectedException.Reason.QUEUE_FULL,
                "too many requests are waiting for this model; retry later", Duration.ofSeconds(1));
    }

    /** Stops taking requests; those queued are still served, then the model is closed. */
    @Override
    public synchronized void close() {
        closed = true;
    }

    /** Waits for the worker thread to end (tests). */
    boolean awaitTermination(Duration timeout) throws InterruptedException {
        thread.join(timeout.toMillis());
        return !thread.isAlive();
    }

    private void run() {
        try {
            List<Pending> batch;
            while ((batch = collect()) != null) {
                BatchRunner.run(model, batch, maxBatchSize, clock.instant(), listener);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            model.close();
        }
    }

    /** The next batch, or null once closed and drained. */
    private List<Pending> collect() throws InterruptedException {
        Pending first = carried;
        carried = null;
        while (first == null) {
            first = queue.poll(100, TimeUnit.MILLISECONDS);
            if (first == null && closed) {
                synchronized (this) {
                    if (queue.isEmpty()) {
                        return null;
                    }
                }
            }
        }
        List<Pending> batch = new ArrayList<>(List.of(first));
        int images = first.count;
        long until = first.queuedNanos + maxDelayNanos;
        while (images < maxBatchSize) {
            long wait = until - System.nanoTime();
            Pending next = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
            if (next == null) {
                break;
            }
            if (images + next.count > maxBatchSize) {
                carried = next;
                break;
            }
            batch.add(next);
            images += next.count;
        }
        return batch;
    }

    /** One queued request. */
    static final class Pending {
        final Operation operation;
        final byte[] pixels;
        final int count;
        final Instant queuedAt;
        final long queuedNanos;
        final Instant deadline;
        final CompletableFuture<float[][]> result = new CompletableFuture<>();

        Pending(Operation operation, byte[] pixels, int count, Instant queuedAt, long queuedNanos, Instant deadline) {
            this.operation = operation;
            this.pixels = pixels;
            this.count = count;
            this.queuedAt = queuedAt;
            this.queuedNanos = queuedNanos;
            this.deadline = deadline;
        }
    }
}
