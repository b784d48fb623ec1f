package io.pretext.experiment;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicBoolean;

import io.pretext.job.JobProgress;
import io.pretext.job.JobProgress.JobEvent;
import io.pretext.job.JobState;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Streams an experiment's events (job state changes, epoch metrics) as server-sent events, each
 * with its database id so a client resumes with {@code Last-Event-ID}, and each running job's
 * latest progress report as it changes ({@code progress}, without an id: not part of the log). Polls the event log; ends
 * the stream once the experiment is final and everything has been sent. Thread-safe.
 */
@Component
class ExperimentEvents {

    private static final int BATCH = 500;

    private final JobProgress progress;
    private final ScheduledExecutorService poller = Executors.newScheduledThreadPool(2, r -> {
        Thread thread = new Thread(r, "experiment-events");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration interval;
    private final Duration timeout;

    ExperimentEvents(JobProgress progress, @Value("${pretext.events.poll-interval:500ms}") Duration interval,
            @Value("${pretext.events.timeout:30m}") Duration timeout) {
        this.progress = progress;
        this.interval = interval;
        this.timeout = timeout;
    }

    /**
     * @param state reads the experiment's current state (from the poller's thread)
     */
    SseEmitter stream(UUID experimentId, long lastEventId, java.util.function.Supplier<JobState> state) {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        AtomicLong last = new AtomicLong(lastEventId);
        AtomicBoolean finished = new AtomicBoolean();
        Map<UUID, Instant> shown = new ConcurrentHashMap<>();
        Runnable poll = () -> {
            if (finished.get()) {
                throw new CancellationException("stream closed"); // ends this fixed-delay task
            }
            try {
                boolean finalBefore = state.get().isFinal();
                for (JobEvent event : progress.eventsAfter(experimentId, last.get(), BATCH)) {
                    emitter.send(SseEmitter.event().id(Long.toString(event.id())).name(event.type())
                            .data(event.data(), MediaType.APPLICATION_JSON));
                    last.set(event.id());
                }
                for (JobProgress.RunningJob running : progress.running(experimentId)) {
                    if (!running.progress().reportedAt().equals(shown.put(running.jobId(),
                            running.progress().reportedAt()))) {
                        // No id: progress is not in the event log, so Last-Event-ID stays the log's.
                        emitter.send(SseEmitter.event().name("progress").data(Map.of("jobId", running.jobId(),
                                "kind", running.kind(), "progress", running.progress()), MediaType.APPLICATION_JSON));
                    }
                }
                if (finalBefore && progress.eventsAfter(experimentId, last.get(), 1).isEmpty()) {
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
        poller.scheduleWithFixedDelay(poll, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return emitter;
    }

    @PreDestroy
    void shutdown() {
        poller.shutdownNow();
    }
}
