package io.pretext.study;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import io.pretext.job.JobService;
import io.pretext.job.JobState;
import io.pretext.job.JobStates;
import io.pretext.job.JobView;
import io.pretext.web.PolledEventStreams;
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
    private final PolledEventStreams streams;

    StudyEvents(JobService jobs, StudyStore store, PolledEventStreams streams) {
        this.jobs = jobs;
        this.store = store;
        this.streams = streams;
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
        AtomicReference<Progress> last = new AtomicReference<>();
        return streams.open(emitter -> {
            Progress now = progress.get();
            if (!now.equals(last.get())) {
                emitter.send(SseEmitter.event().name("progress").data(now, MediaType.APPLICATION_JSON));
                last.set(now);
            }
            return now.state().isFinal();
        });
    }
}
