package io.pretext.study;

import java.net.URI;
import java.util.UUID;

import io.pretext.security.CurrentTenant;
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

/** Submit, list, inspect, cancel and watch studies. */
@RestController
@Tag(name = "studies", description = "One pretraining, many finetunes, one verdict: does pretraining pay off?")
class StudyController {

    private static final String EVENTS = """
            Server-sent `progress` events with JSON data `{"state": JobState, "experimentsDone": int, \
            "experiments": int, "jobsDone": int, "jobs": int}`: one at once, then one per change. The stream ends \
            when the study is final.""";

    private final StudyService studies;
    private final StudyEvents events;
    private final CurrentTenant tenant;
    private final StudyCharts charts;

    StudyController(StudyService studies, StudyEvents events, CurrentTenant tenant, StudyCharts charts) {
        this.charts = charts;
        this.studies = studies;
        this.events = events;
        this.tenant = tenant;
    }

    @PostMapping("/v1/studies")
    @Operation(operationId = "submitStudy", summary = "Submit a study (201): its experiments are queued at once; "
            + "with dryRun=true, answer what it would queue (200) and queue nothing")
    @ApiResponse(responseCode = "201", description = "Submitted: its experiments are queued",
            headers = @Header(name = "Location", description = "The study's path",
                    schema = @Schema(type = "string", format = "uri-reference")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = StudyView.class)))
    @ApiResponse(responseCode = "200", description = "A dry run's plan (StudyPlan), or a retry with the same "
            + "Idempotency-Key and body: the first result (StudyView, with Idempotent-Replayed: true)",
            headers = {@Header(name = "Location", description = "The study's path (replays only)",
                    schema = @Schema(type = "string", format = "uri-reference")),
                @Header(name = "Idempotent-Replayed", description = "true on a replayed result",
                    schema = @Schema(type = "boolean"))},
            content = @Content(mediaType = "application/json",
                    schema = @Schema(oneOf = {StudyPlan.class, StudyView.class})))
    @ApiResponse(responseCode = "422", description = "The Idempotency-Key was used before with a different body")
    ResponseEntity<Object> submit(@Valid @RequestBody StudySpec spec,
            @Parameter(description = "Check and plan only: nothing is stored or queued")
            @RequestParam(defaultValue = "false") boolean dryRun,
            @Parameter(description = "1 to 200 characters; a retry with the same key and body returns the first result")
            @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > 200)) {
            throw new InvalidRequestException("Idempotency-Key", "Idempotency-Key must be 1 to 200 characters");
        }
        if (dryRun) {
            return ResponseEntity.ok(studies.dryRun(spec));
        }
        var submitted = studies.submit(spec, idempotencyKey);
        URI location = URI.create("/v1/studies/" + submitted.study().id());
        return submitted.created() ? ResponseEntity.created(location).body(submitted.study())
                : ResponseEntity.ok().location(location).header("Idempotent-Replayed", "true").body(submitted.study());
    }

    @GetMapping("/v1/studies")
    @Operation(operationId = "listStudies", summary = "List my studies, newest first")
    PageResponse<StudyView> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_SIZE) int size) {
        return studies.list(page, size);
    }

    @GetMapping("/v1/studies/{id}")
    @Operation(operationId = "getStudy", summary = "A study: state summed up from its experiments, progress, "
            + "and the experiments it expanded into")
    StudyView get(@PathVariable UUID id) {
        return studies.get(id);
    }

    @GetMapping("/v1/studies/{id}/results")
    @Operation(operationId = "getStudyResults", summary = "Per budget and arm: mean and std over seeds of accuracy "
            + "and macro-F1 on each test set, gains over scratch with 95% intervals paired by seed, a verdict per budget")
    StudyResults results(@PathVariable UUID id) {
        return studies.results(id);
    }

    @GetMapping(value = "/v1/studies/{id}/results.csv", produces = "text/csv")
    @Operation(operationId = "getStudyResultsCsv", summary = "The results table as CSV, one row per budget, arm, "
            + "test set and metric")
    @ApiResponse(responseCode = "200", description = "CSV with a header row",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = "string")))
    ResponseEntity<String> resultsCsv(@PathVariable UUID id) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .body(StudyCsv.of(studies.results(id)));
    }

    @GetMapping(value = "/v1/studies/{id}/chart.png", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(operationId = "getStudyChart", summary = "Test accuracy against labels per class (log scale), one "
            + "line per arm with std error bars, pixels dashed; below, the pretraining's kNN accuracy per epoch")
    ResponseEntity<byte[]> chart(@PathVariable UUID id) throws java.io.IOException {
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG).body(charts.png(id));
    }

    @PostMapping("/v1/studies/{id}/cancel")
    @Operation(operationId = "cancelStudy", summary = "Cancel every unfinished job of every experiment of the study")
    @ApiResponse(responseCode = "200", description = "The study, its unfinished jobs cancelled or asked to stop",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = StudyView.class)))
    @ApiResponse(responseCode = "409", description = "The study already finished (the detail says in which state)")
    StudyView cancel(@PathVariable UUID id) {
        return studies.cancel(id);
    }

    @GetMapping(value = "/v1/studies/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "streamStudyEvents", summary = "Server-sent events: the study's state and progress")
    @ApiResponse(responseCode = "200", description = EVENTS, content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
            schema = @Schema(type = "string", description = "A text/event-stream; see the response description")))
    SseEmitter events(@PathVariable UUID id) {
        studies.get(id);
        return events.stream(events.watcher(tenant.id(), id));
    }
}
