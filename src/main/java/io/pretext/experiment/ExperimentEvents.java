package io.pretext.experiment;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.pretext.job.JobProgress;
import io.pretext.job.JobProgress.JobEvent;
import io.pretext.job.JobState;
import io.pretext.web.PolledEventStreams;
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
    private final PolledEventStreams streams;

    ExperimentEvents(JobProgress progress, PolledEventStreams streams) {
        this.progress = progress;
        this.streams = streams;
    }

    /**
     * @param state reads the experiment's current state (from the poller's thread)
     */
    SseEmitter stream(UUID experimentId, long lastEventId, Supplier<JobState> state) {
        AtomicLong last = new AtomicLong(lastEventId);
        Map<UUID, Instant> shown = new ConcurrentHashMap<>();
        return streams.open(emitter -> {
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
            return finalBefore && progress.eventsAfter(experimentId, last.get(), 1).isEmpty();
        });
    }
}
