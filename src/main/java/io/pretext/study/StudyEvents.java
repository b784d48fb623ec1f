package io.pretext.study;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.pretext.job.JobService;
import io.pretext.job.JobState;
import io.pretext.job.JobStates;
import io.pretext.job.JobView;
import jakarta.annotation.PreDestroy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Streams a study's state and progress as server-sent {@code progress} events: one at once, then
 * one whenever either changes (polled); the stream ends after the event that shows the study final.
 * Per-job detail is each experiment's own stream. Thread-safe.
 */
@Component
class StudyEvents {

    /** What a {@code progress} event carries. */
    record Progress(JobState state, int experimentsDone, int experiments, int jobsDone, int jobs) {
    }

    private final JobService jobs;
    private final StudyStore store;
    private final ScheduledExecutorService poller = Executors.newScheduledThreadPool(1, r -> {
        Thread thread = new Thread(r, "study-events");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration interval;
    private final Duration timeout;

    StudyEvents(JobService jobs, StudyStore store,
            @Value("${pretext.events.poll-interval:500ms}") Duration interval,
            @Value("${pretext.events.timeout:30m}") Duration timeout) {
        this.jobs = jobs;
        this.store = store;
        this.interval = interval;
        this.timeout = timeout;
    }

    /**
     * A reader of the study's progress usable from any thread (the poller has no request, so no
     * current tenant: the caller passes the tenant it checked the study against).
     */
    Supplier<Progress> watcher(UUID tenantId, UUID studyId) {
        return () -> {
            List<JobState> states = new ArrayList<>();
            int experiments = 0;
            int experimentsDone = 0;
            for (StudyStore.Link link : store.links(studyId)) {
                List<JobState> experiment = jobs.forExperiment(tenantId, link.experimentId()).stream()
                        .map(JobView::state).toList();
                experiments++;
                experimentsDone += JobStates.summarize(experiment).isFinal() ? 1 : 0;
                states.addAll(experiment);
            }
            return new Progress(JobStates.summarize(states), experimentsDone, experiments,
                    (int) states.stream().filter(JobState::isFinal).count(), states.size());
        };
    }

    SseEmitter stream(Supplier<Progress> progress) {
        SseEmitter emitter = new SseEmitter(timeout.toMillis());
        AtomicReference<Progress> last = new AtomicReference<>();
        AtomicBoolean finished = new AtomicBoolean();
        Runnable poll = () -> {
            if (finished.get()) {
                throw new CancellationException("stream closed"); // ends this fixed-delay task
            }
            try {
                Progress now = progress.get();
                if (!now.equals(last.get())) {
                    emitter.send(SseEmitter.event().name("progress").data(now, MediaType.APPLICATION_JSON));
                    last.set(now);
                }
                if (now.state().isFinal()) {
                    finished.set(true);
                    emitter.complete();
                }
            } catch (IOException | RuntimeException e) {
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
