package io.pretext.dataset;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.pretext.dataset.ingest.AudioClips;
import io.pretext.web.InvalidRequestException;
import io.pretext.web.PageResponse;
import io.pretext.web.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Upload, list, inspect, split and delete datasets. */
@RestController
@Tag(name = "datasets", description = "Upload and inspect datasets")
class DatasetController {

    private final DatasetIngestService ingest;
    private final DatasetCatalog catalog;

    DatasetController(DatasetIngestService ingest, DatasetCatalog catalog) {
        this.ingest = ingest;
        this.catalog = catalog;
    }

    @PostMapping(value = "/v1/datasets", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(operationId = "uploadDataset",
            summary = "Upload a dataset (201), or get the existing one when this content was uploaded before (200)")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
            schema = @Schema(implementation = DatasetUploadForm.class)))
    @ApiResponse(responseCode = "201", description = "Stored", headers = @Header(name = "Location", description = "The dataset's path",
                    schema = @Schema(type = "string", format = "uri-reference")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = DatasetInfo.class)))
    @ApiResponse(responseCode = "200", description = "This content was uploaded before: the existing dataset",
            headers = @Header(name = "Location", description = "The dataset's path",
                    schema = @Schema(type = "string", format = "uri-reference")),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = DatasetInfo.class)))
    @ApiResponse(responseCode = "413", description = "The upload is larger than the configured limit")
    @ApiResponse(responseCode = "415", description = "The format could not be detected")
    @ApiResponse(responseCode = "422", description = "The content is not a valid dataset of its format; errors name "
            + "the entry or line at fault")
    @ApiResponse(responseCode = "503", description = "The artifact store cannot be reached; nothing was stored, retry "
            + "after Retry-After seconds")
    @ApiResponse(responseCode = "507", description = "The artifact store is full; nothing was stored")
    // The parts are described by DatasetUploadForm; springdoc would show the text parts as query parameters.
    ResponseEntity<DatasetInfo> upload(@Parameter(hidden = true) @RequestPart("file") MultipartFile file,
            @Parameter(hidden = true) @RequestPart(value = "labels", required = false) MultipartFile labels,
            @Parameter(hidden = true) @RequestParam("name") String name,
            @Parameter(hidden = true) @RequestParam(value = "format", required = false) String format,
            @Parameter(hidden = true) @RequestParam(value = "imageSize", required = false) Integer imageSize,
            @Parameter(hidden = true) @RequestParam(value = "classes", required = false) String classes,
            @Parameter(hidden = true) @RequestParam(value = "split", required = false) String split,
            @Parameter(hidden = true) @RequestParam(value = "sampleRate", required = false) Integer sampleRate,
            @Parameter(hidden = true) @RequestParam(value = "durationMs", required = false) Integer durationMs)
            throws IOException {
        DatasetFormat parsedFormat = parseFormat(format);
        validate(name, file, labels, imageSize, split);
        AudioClips audio = audioSettings(sampleRate, durationMs);
        Path work = ingest.newWorkFolder();
        try {
            Path filePath = work.resolve("file");
            file.transferTo(filePath);
            Path labelsPath = null;
            if (labels != null) {
                labelsPath = work.resolve("labels");
                labels.transferTo(labelsPath);
            }
            var result = ingest.ingest(new DatasetIngestService.Request(name.trim(), parsedFormat, filePath,
                    displayName(file, "file"), labelsPath, labels == null ? null : displayName(labels, "labels"),
                    classNames(classes), imageSize, split, audio), work);
            DatasetInfo dataset = result.dataset();
            return result.created()
                    ? ResponseEntity.created(URI.create("/v1/datasets/" + dataset.id())).body(dataset)
                    : ResponseEntity.ok().location(URI.create("/v1/datasets/" + dataset.id())).body(dataset);
        } finally {
            DatasetIngestService.deleteWorkFolder(work);
        }
    }

    @GetMapping("/v1/datasets")
    @Operation(operationId = "listDatasets", summary = "List my datasets, newest first")
    PageResponse<DatasetInfo> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + Paging.DEFAULT_SIZE) int size) {
        return PageResponse.of(catalog.list(Paging.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt", "id"))),
                d -> d);
    }

    @GetMapping("/v1/datasets/{id}")
    @Operation(operationId = "getDataset", summary = "Get a dataset")
    DatasetInfo get(@PathVariable UUID id) {
        return catalog.get(id);
    }

    @DeleteMapping("/v1/datasets/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteDataset", summary = "Delete a dataset (409 while an unfinished experiment uses it)")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "An unfinished experiment uses the dataset")
    void delete(@PathVariable UUID id) throws IOException {
        catalog.delete(id);
    }

    @GetMapping("/v1/datasets/{id}/split")
    @ApiResponse(responseCode = "200", description = "OK")
    @ApiResponse(responseCode = "422", description = "The dataset is unlabeled")
    @Operation(operationId = "getDatasetSplit", summary = "The class counts of a stratified, seeded split (labelFraction or labelsPerClass)")
    SplitView split(@PathVariable UUID id, @RequestParam(required = false) Double labelFraction,
            @RequestParam(required = false) Integer labelsPerClass,
            @RequestParam(defaultValue = "" + SplitSpec.DEFAULT_VALIDATION_FRACTION) double validationFraction,
            @RequestParam(defaultValue = "0") long seed) throws IOException {
        return catalog.splitView(id, new SplitSpec(labelFraction, labelsPerClass, validationFraction, seed));
    }

    @GetMapping(value = "/v1/datasets/{id}/samples.png", produces = MediaType.IMAGE_PNG_VALUE)
    @ApiResponse(responseCode = "200", description = "OK")
    @ApiResponse(responseCode = "422", description = "The dataset holds texts")
    @Operation(operationId = "getDatasetSampleGrid", summary = "A grid of the first n images (or spectrograms of the "
            + "first n audio clips) with their labels, and for image-text datasets each image's first caption, to "
            + "check an upload")
    ResponseEntity<byte[]> samplesPng(@PathVariable UUID id, @RequestParam(defaultValue = "64") int n)
            throws IOException {
        requireSampleCount(n);
        DatasetCatalog.ImageSamples samples = catalog.imageSamples(id, n);
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
                .body(SampleGrid.png(samples.images(), samples.captions(), samples.shape(), samples.captioned()));
    }

    @GetMapping("/v1/datasets/{id}/samples")
    @Operation(operationId = "getDatasetTextSamples", summary = "The first n text records with their labels, or the "
            + "first n captions of an image-text dataset with their image's index and label")
    @ApiResponse(responseCode = "200", description = "OK")
    @ApiResponse(responseCode = "422", description = "The dataset holds images without captions, or audio")
    List<DatasetCatalog.TextSample> samples(@PathVariable UUID id, @RequestParam(defaultValue = "20") int n)
            throws IOException {
        requireSampleCount(n);
        return catalog.textSamples(id, n);
    }

    private static void requireSampleCount(int n) {
        if (n < 1 || n > 256) {
            throw new InvalidRequestException("n", "n must be between 1 and 256, was " + n);
        }
    }

    private static DatasetFormat parseFormat(String format) {
        if (format == null || format.isBlank()) {
            return null;
        }
        try {
            return DatasetFormat.of(format);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("format", e.getMessage());
        }
    }

    private static void validate(String name, MultipartFile file, MultipartFile labels, Integer imageSize,
            String split) {
        if (name == null || name.isBlank() || name.trim().length() > 200) {
            throw new InvalidRequestException("name", "name must be 1 to 200 characters");
        }
        if (file.isEmpty()) {
            throw new InvalidRequestException("file", "file is empty");
        }
        if (labels != null && labels.isEmpty()) {
            throw new InvalidRequestException("labels", "labels is empty");
        }
        if (imageSize != null && (imageSize < 8 || imageSize > 1024)) {
            throw new InvalidRequestException("imageSize", "imageSize must be between 8 and 1024, was " + imageSize);
        }
        if (split != null && !split.equals("train") && !split.equals("test")) {
            throw new InvalidRequestException("split", "split must be train or test, was " + split);
        }
    }

    private static AudioClips audioSettings(Integer sampleRate, Integer durationMs) {
        int rate = sampleRate == null ? AudioClips.DEFAULT_RATE : sampleRate;
        int duration = durationMs == null ? AudioClips.DEFAULT_DURATION_MS : durationMs;
        if (rate < AudioClips.MIN_TARGET_RATE || rate > AudioClips.MAX_TARGET_RATE) {
            throw new InvalidRequestException("sampleRate", "sampleRate must be between " + AudioClips.MIN_TARGET_RATE
                    + " and " + AudioClips.MAX_TARGET_RATE + " Hz, was " + rate);
        }
        if (duration < AudioClips.MIN_DURATION_MS || duration > AudioClips.MAX_DURATION_MS) {
            throw new InvalidRequestException("durationMs", "durationMs must be between "
                    + AudioClips.MIN_DURATION_MS + " and " + AudioClips.MAX_DURATION_MS + ", was " + duration);
        }
        return AudioClips.of(rate, duration);
    }

    private static List<String> classNames(String classes) {
        if (classes == null || classes.isBlank()) {
            return List.of();
        }
        return Arrays.stream(classes.split(",")).map(String::trim).toList();
    }

    private static String displayName(MultipartFile part, String fallback) {
        String original = part.getOriginalFilename();
        return original == null || original.isBlank() ? fallback : Path.of(original).getFileName().toString();
    }
}
