package io.pretext.job;

import java.util.UUID;

import io.pretext.security.CurrentTenant;
import io.pretext.web.ConflictException;
import io.pretext.web.PageResponse;
import io.pretext.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.data.domain.Sort;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** List, inspect and cancel the caller's jobs. */
@RestController
@Tag(name = "jobs", description = "The queued and running work of experiments")
class JobController {

    private final JobService jobs;
    private final CurrentTenant currentTenant;

    JobController(JobService jobs, CurrentTenant currentTenant) {
        this.jobs = jobs;
        this.currentTenant = currentTenant;
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
