package io.pretext.model;

import io.pretext.web.PageResponse;
import io.pretext.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.data.domain.Sort;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** List and inspect registered models, move their aliases, export backbones. */
@RestController
@Tag(name = "models", description = "The registry of trained models (a version per finished experiment, and a study's best model per budget)")
class ModelController {

    private final ModelRegistry registry;
    private final BackboneExport export;

    ModelController(ModelRegistry registry, BackboneExport export) {
        this.registry = registry;
        this.export = export;
    }

    @GetMapping("/v1/models")
    @Operation(operationId = "listModels", summary = "List my models, newest first")
    PageResponse<ModelViews.Summary> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_SIZE) int size) {
        return PageResponse.of(registry.list(Paging.of(page, size, Sort.unsorted())), m -> m);
    }

    @GetMapping("/v1/models/{id}")
    @Operation(operationId = "getModel", summary = "A model (by id or name) with its versions, metrics, provenance and aliases")
    ModelViews.Detail get(@PathVariable String id) {
        return registry.get(id);
    }

    @PutMapping("/v1/models/{id}/aliases/{alias}")
    @Operation(operationId = "setModelAlias", summary = "Point an alias (e.g. champion) at a version: {\"version\": 3}")
    ModelViews.Detail setAlias(@PathVariable String id, @PathVariable String alias,
            @RequestBody ModelViews.AliasRequest request) {
        return registry.setAlias(id, alias, request.version());
    }

    @GetMapping(value = "/v1/models/{id}/backbone", produces = "application/zip")
    @Operation(operationId = "exportBackbone",
            summary = "The version's encoder as a zip: encoder.params (DJL) and card.json; {id} may be name@alias")
    @ApiResponse(responseCode = "200", description = "The zip, as an attachment", content = @Content(
            mediaType = "application/zip", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "409", description = "The version's checkpoint cannot be exported (yet)")
    ResponseEntity<StreamingResponseBody> backbone(@PathVariable String id) throws java.io.IOException {
        ModelVersion version = registry.resolve(id);
        export.requireAvailable(version);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(BackboneExport.fileName(version)).build().toString())
                .body(out -> export.write(version, out));
    }
}
