package io.pretext.job;

import java.util.UUID;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.pretext.security.CurrentTenant;
import io.pretext.web.ConflictException;
import io.pretext.web.PageResponse;
import io.pretext.web.Paging;
import io.pretext.web.PolledEventStreams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** List, inspect, follow the log of and cancel the caller's jobs. */
@RestController
@Tag(name = "jobs", description = "The queued and running work of experiments")
class JobController {

    private static final String LOG_EVENTS = "A `log` event (data: the JobLog) at once and whenever the job's "
            + "process writes new lines (read every heartbeat interval, 5 s by default); the stream ends after the "
            + "event that follows the job's end.";

    private final JobService jobs;
    private final JobProgress progress;
    private final CurrentTenant currentTenant;
    private final PolledEventStreams streams;

    JobController(JobService jobs, JobProgress progress, CurrentTenant currentTenant, PolledEventStreams streams) {
        this.jobs = jobs;
        this.progress = progress;
        this.currentTenant = currentTenant;
        this.streams = streams;
    }

    @GetMapping("/v1/jobs")
    @Operation(operationId = "listJobs", summary = "List my jobs, newest first, optionally of one experiment and/or state")
    PageResponse<JobView> list(@RequestParam(required = false) UUID experimentId,
            @Parameter(description = "Only jobs in this state (case-insensitive)",
                    schema = @Schema(implementation = JobState.class)) @RequestParam(required = false) String state, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_SIZE) int size) {
        return PageResponse.of(jobs.list(currentTenant.id(), experimentId, JobState.parseFilter(state),
                Paging.of(page, size, Sort.unsorted())), j -> j);
    }

    @GetMapping("/v1/jobs/{id}")
    @Operation(operationId = "getJob", summary = "A job")
    JobView get(@PathVariable UUID id) {
        return jobs.get(currentTenant.id(), id);
    }

    @GetMapping("/v1/jobs/{id}/log")
    @Operation(operationId = "getJobLog", summary = "The last lines (up to 100) the job's training process wrote: "
            + "warnings, the reason it failed, a stack trace")
    JobLog log(@PathVariable UUID id) {
        jobs.get(currentTenant.id(), id);
        return progress.log(id);
    }

    @GetMapping(value = "/v1/jobs/{id}/log/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "streamJobLog", summary = "Server-sent events: follow the job's log until it ends")
    @ApiResponse(responseCode = "200", description = LOG_EVENTS, content = @Content(
            mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
            schema = @Schema(type = "string", description = "A text/event-stream; see the response description")))
    SseEmitter followLog(@PathVariable UUID id) {
        UUID tenant = currentTenant.id();
        jobs.get(tenant, id);
        AtomicReference<JobLog> shown = new AtomicReference<>();
        AtomicBoolean endSeen = new AtomicBoolean();
        return streams.open(emitter -> {
            boolean ended = jobs.get(tenant, id).state().isFinal();
            JobLog now = progress.log(id);
            if (!now.equals(shown.get())) {
                emitter.send(SseEmitter.event().name("log").data(now, MediaType.APPLICATION_JSON));
                shown.set(now);
            }
            if (!ended) {
                return false;
            }
            // One poll more after the end is seen, for lines stored while this one ran.
            return endSeen.getAndSet(true);
        });
    }

    @PostMapping("/v1/jobs/{id}/cancel")
    @Operation(operationId = "cancelJob", summary = "Cancel a job: a queued one at once, a running one within seconds; dependents too")
    @ApiResponse(responseCode = "200", description = "The job, cancelled or (when running) asked to stop",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobView.class)))
    @ApiResponse(responseCode = "409", description = "The job already finished (the detail says in which state)")
    JobView cancel(@PathVariable UUID id) {
        JobView job = jobs.get(currentTenant.id(), id);
        if (job.state().isFinal()) {
            throw new ConflictException("Job " + id + " already finished (" + job.state()
                    + "); only QUEUED or RUNNING jobs can be cancelled");
        }
        return jobs.cancel(currentTenant.id(), id);
    }
}
