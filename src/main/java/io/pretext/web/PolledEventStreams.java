package io.pretext.web;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent event streams fed by polling: each open stream's {@link Poll} runs every
 * {@code pretext.events.poll-interval} (500 ms) on a shared pool of four threads (a poll is a few queries and a write; a client too slow to
 * take its events delays the others only by the time its write blocks) until it says the stream is
 * complete, the client goes away, or {@code pretext.events.timeout} (30 min) passes. A poll that
 * throws ends its stream with that error. Thread-safe.
 */
@Component
public class PolledEventStreams {

    /** One poll of one stream. Runs on a pool thread, never two at once for the same stream. */
    @FunctionalInterface
    public interface Poll {

        /**
         * Sends what is new since the last poll.
         *
         * @return true once the stream has said everything (it is then completed)
         * @throws IOException when the client cannot be written to
         */
        boolean sendNew(SseEmitter emitter) throws IOException;
    }

    private final ScheduledExecutorService poller = Executors.newScheduledThreadPool(4, r -> {
        Thread thread = new Thread(r, "event-streams");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration interval;
    private final Duration timeout;

    PolledEventStreams(@Value("${pretext.events.poll-interval:500ms}") Duration interval,
            @Value("${pretext.events.timeout:30m}") Duration timeout) {
        this.interval = interval;
        this.timeout = timeout;
    }

    /** Opens a stream whose first poll runs at once. */
    public SseEmitter open(Poll poll) {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        AtomicBoolean finished = new AtomicBoolean();
        Runnable task = () -> {
            if (finished.get()) {
                throw new CancellationException("stream closed"); // ends this fixed-delay task
            }
            try {
                if (poll.sendNew(emitter)) {
                    finished.set(true);
                    emitter.complete();
                }
            } catch (IOException | RuntimeException e) {
                // The client went away (or the database did): stop polling for it.
                finished.set(true);
                emitter.completeWithError(e);
            }
        };
        emitter.onCompletion(() -> finished.set(true));
        emitter.onTimeout(() -> finished.set(true));
        emitter.onError(e -> finished.set(true));
        poller.scheduleWithFixedDelay(task, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return emitter;
    }

    @PreDestroy
    void shutdown() {
        poller.shutdownNow();
    }
}
