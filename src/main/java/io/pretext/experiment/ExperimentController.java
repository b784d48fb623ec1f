package io.pretext.experiment;

import java.net.URI;
import java.util.UUID;

import io.pretext.job.JobState;
import io.pretext.web.InvalidRequestException;
import io.pretext.web.PageResponse;
import io.pretext.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
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

    /** What the event stream sends; a generated client reads it as text. */
    private static final String EVENTS = """
            Server-sent events, each with an `id` (send it back as Last-Event-ID to resume), an `event` type and \
            JSON `data`. `state`: a job entered a state, data `{"jobId": uuid, "kind": JobKind, "state": JobState, \
            "attempt": int, "error": string|null}`. `epoch`: a job finished an epoch, data `{"jobId": uuid, \
            "attempt": int, "epoch": int, "metrics": {name: number}}`. `progress` (no id; sent when a running job \
            reports, every few seconds): data `{"jobId": uuid, "kind": JobKind, "progress": LiveProgress}`. The stream \
            ends when the experiment is final.""";

    private final ExperimentService experiments;
    private final ExperimentEvents events;
    private final ExperimentCharts charts;
    private final EvaluationReports reports;

    ExperimentController(ExperimentService experiments, ExperimentEvents events, ExperimentCharts charts,
            EvaluationReports reports) {
        this.reports = reports;
        this.experiments = experiments;
        this.events = events;
        this.charts = charts;
    }

    @GetMapping(value = "/v1/experiments/{id}/curves.png", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(operationId = "getExperimentCurves", summary = "Loss and accuracies per epoch, one line per job")
    ResponseEntity<byte[]> curves(@PathVariable UUID id) throws java.io.IOException {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(charts.curves(id));
    }

    @GetMapping(value = "/v1/experiments/{id}/embeddings.png", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(operationId = "getExperimentEmbeddingsPlot", summary = "A 2-D t-SNE of test embeddings coloured by class (404 until an evaluation finished)")
    ResponseEntity<byte[]> embeddings(@PathVariable UUID id) throws java.io.IOException {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(charts.embeddings(id));
    }

    @GetMapping(value = "/v1/experiments/{id}/retrieval.png", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(operationId = "getExperimentRetrievalPicture", summary = "A clip model's text-to-image search on "
            + "its first captioned test set: a few captions with their top images, each caption's own image framed "
            + "(404 until that evaluation finished)")
    ResponseEntity<byte[]> retrieval(@PathVariable UUID id) throws java.io.IOException {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(charts.retrieval(id));
    }

    @PostMapping("/v1/experiments")
    @Operation(operationId = "submitExperiment",
            summary = "Submit an experiment (201); with an Idempotency-Key, a retry returns the first result (200)")
    @ApiResponse(responseCode = "201", description = "Submitted: its jobs are queued", headers = @Header(name = "Location", description = "The experiment's path",
                    schema = @Schema(type = "string", format = "uri-reference")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ExperimentView.class)))
    @ApiResponse(responseCode = "200", description = "A retry with the same Idempotency-Key and body: the first result",
            headers = {@Header(name = "Location", description = "The experiment's path",
                    schema = @Schema(type = "string", format = "uri-reference")),
                @Header(name = "Idempotent-Replayed", description = "Always true: this is a replayed result",
                    schema = @Schema(type = "boolean"))},
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ExperimentView.class)))
    @ApiResponse(responseCode = "422", description = "The Idempotency-Key was used before with a different body")
    ResponseEntity<ExperimentView> submit(@Valid @RequestBody ExperimentSpec spec,
            @Parameter(description = "1 to 200 characters; a retry with the same key and body returns the first result")
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
    @Operation(operationId = "listExperiments", summary = "List my experiments, newest first, optionally by name and state")
    PageResponse<ExperimentView> list(@Parameter(description = "Only experiments in this state (case-insensitive)",
                    schema = @Schema(implementation = JobState.class)) @RequestParam(required = false) String state,
            @Parameter(description = "Only experiments with exactly this name")
            @RequestParam(required = false) String name,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_SIZE) int size) {
        return PageResponse.of(experiments.list(name, JobState.parseFilter(state),
                Paging.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt", "id"))), e -> e);
    }

    @GetMapping("/v1/experiments/{id}")
    @Operation(operationId = "getExperiment", summary = "An experiment with its jobs and their states")
    ExperimentView get(@PathVariable UUID id) {
        return experiments.get(id);
    }

    @GetMapping("/v1/experiments/{id}/metrics")
    @Operation(operationId = "getExperimentMetrics", summary = "Metric series of the experiment's jobs (per epoch), optionally one metric and/or one job")
    java.util.List<io.pretext.job.JobProgress.MetricPoint> metrics(@PathVariable UUID id,
            @Parameter(description = "A metric name; `accuracy` or `macroF1` alone also finds each evaluated dataset's "
                    + "`accuracy/<dataset id>`, and `accuracy/<dataset name>` finds one")
            @RequestParam(required = false) String name, @RequestParam(required = false) UUID job) {
        return experiments.metrics(id, name, job);
    }

    @GetMapping("/v1/experiments/{id}/report")
    @Operation(operationId = "getExperimentReport", summary = "The evaluation reports of the finished arms "
            + "(finetuned, scratch, pixels; pretrained for a clip model scored zero-shot and by retrieval): "
            + "per-class scores and confusion matrix per test set")
    java.util.List<EvaluationReports.ArmReport> report(@PathVariable UUID id) throws java.io.IOException {
        return reports.of(experiments.get(id).jobs());
    }

    @GetMapping(value = "/v1/experiments/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "streamExperimentEvents",
            summary = "Server-sent events: job state changes and epoch metrics; resume with Last-Event-ID")
    @ApiResponse(responseCode = "200", description = EVENTS, content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
            schema = @Schema(type = "string", description = "A text/event-stream; see the response description")))
    SseEmitter events(@PathVariable UUID id,
            @Parameter(description = "The id of the last event received, to continue after it")
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
    @Operation(operationId = "cancelExperiment", summary = "Cancel every unfinished job of the experiment")
    @ApiResponse(responseCode = "200", description = "The experiment, its unfinished jobs cancelled or asked to stop",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ExperimentView.class)))
    @ApiResponse(responseCode = "409", description = "The experiment already finished (the detail says in which state)")
    ExperimentView cancel(@PathVariable UUID id) {
        return experiments.cancel(id);
    }
}
