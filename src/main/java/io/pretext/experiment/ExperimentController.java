package io.pretext.experiment;

import java.net.URI;
import java.util.UUID;

import io.pretext.job.JobState;
import io.pretext.web.InvalidRequestException;
import io.pretext.web.PageResponse;
import io.pretext.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import org.springframework.data.domain.Sort;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Submit, list, inspect and cancel experiments. */
@RestController
@Tag(name = "experiments", description = "Experiment specs and the jobs they become")
class ExperimentController {

    private final ExperimentService experiments;
    private final ExperimentEvents events;
    private final ExperimentCharts charts;

    ExperimentController(ExperimentService experiments, ExperimentEvents events, ExperimentCharts charts) {
        this.experiments = experiments;
        this.events = events;
        this.charts = charts;
    }

    @GetMapping(value = "/v1/experiments/{id}/curves.png", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(summary = "Loss and accuracies per epoch, one line per job")
    ResponseEntity<byte[]> curves(@PathVariable UUID id) throws java.io.IOException {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(charts.curves(id));
    }

    @GetMapping(value = "/v1/experiments/{id}/embeddings.png", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(summary = "A 2-D t-SNE of test embeddings coloured by class (404 until an evaluation finished)")
    ResponseEntity<byte[]> embeddings(@PathVariable UUID id) throws java.io.IOException {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(charts.embeddings(id));
    }

    @PostMapping("/v1/experiments")
    @Operation(summary = "Submit an experiment (201); with an Idempotency-Key, a retry returns the first result (200)")
    ResponseEntity<ExperimentView> submit(@Valid @RequestBody ExperimentSpec spec,
            @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw new InvalidRequestException("Idempotency-Key", "Idempotency-Key must be 1 to 200 characters");
        }
        var submitted = experiments.submit(spec, idempotencyKey);
        URI location = URI.create("/v1/experiments/" + submitted.experiment().id());
        return submitted.created() ? ResponseEntity.created(location).body(submitted.experiment())
                : ResponseEntity.ok().location(location).header("Idempotent-Replayed", "true")
                        .body(submitted.experiment());
    }

    @GetMapping("/v1/experiments")
    @Operation(summary = "List my experiments, newest first, optionally by state")
    PageResponse<ExperimentView> list(@RequestParam(required = false) String state,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_SIZE) int size) {
        return PageResponse.of(experiments.list(JobState.parseFilter(state),
                Paging.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt", "id"))), e -> e);
    }

    @GetMapping("/v1/experiments/{id}")
    @Operation(summary = "An experiment with its jobs and their states")
    ExperimentView get(@PathVariable UUID id) {
        return experiments.get(id);
    }

    @GetMapping("/v1/experiments/{id}/metrics")
    @Operation(summary = "Metric series of the experiment's jobs (per epoch), optionally one metric and/or one job")
    java.util.List<io.pretext.job.JobProgress.MetricPoint> metrics(@PathVariable UUID id,
            @RequestParam(required = false) String name, @RequestParam(required = false) UUID job) {
        return experiments.metrics(id, name, job);
    }

    @GetMapping(value = "/v1/experiments/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "Server-sent events: job state changes and epoch metrics; resume with Last-Event-ID")
    SseEmitter events(@PathVariable UUID id,
            @RequestHeader(value = "Last-Event-ID", required = false) String lastEventId) {
        var state = experiments.stateWatcher(id);
        long after;
        try {
            after = lastEventId == null || lastEventId.isBlank() ? 0 : Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Last-Event-ID", "Last-Event-ID must be an event id from this stream");
        }
        return events.stream(id, after, state);
    }

    @PostMapping("/v1/experiments/{id}/cancel")
    @Operation(summary = "Cancel every unfinished job of the experiment")
    ExperimentView cancel(@PathVariable UUID id) {
        return experiments.cancel(id);
    }
}
