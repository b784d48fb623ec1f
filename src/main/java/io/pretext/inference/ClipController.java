package io.pretext.inference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.pretext.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * What a CLIP model adds to a registered model's routes: zero-shot classification of images into
 * labels given as text ({@code /zero-shot}: JSON with base64 images, or multipart {@code files} on
 * {@code /zero-shot/files}), and search of a dataset's images for a text or an image
 * ({@code /search}; an image query works with any image model). Its text embeddings come from the
 * embeddings route ({@code {"texts": [...]}}).
 */
@RestController
@Tag(name = "inference", description = "Embeddings and classifications from registered models")
class ClipController {

    static final String ZERO_SHOT = "/v1/models/{id}/zero-shot";
    static final List<String> DEFAULT_TEMPLATES = List.of("a photo of a {}");
    /** Labels times templates a request may ask for: each is a text-tower pass. */
    static final int MAX_PROMPTS = 1024;
    static final int MAX_K = 1000;

    private final ClipInference clip;
    private final long maxImageSize;
    private final int maxInputs;

    ClipController(ClipInference clip, InferenceProperties properties) {
        this.clip = clip;
        this.maxImageSize = properties.maxImageSize().toBytes();
        this.maxInputs = properties.maxImages();
    }

    @PostMapping(value = ZERO_SHOT, consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "zeroShotInputs", summary = "Zero-shot classification by a CLIP model of base64 images "
            + "into labels given as text: per image, the probability of each label")
    @InferenceErrors
    @ApiResponse(responseCode = "400", description = "No images, an empty labels list, or a template without {}")
    ClipViews.ZeroShotAnswer zeroShot(@PathVariable String id, @RequestBody ClipViews.ZeroShotRequest body) {
        if (body.images() == null || body.images().isEmpty()) {
            throw new InvalidRequestException("images", "images is empty: send at least one base64 image");
        }
        return answer(id, "images", InferenceController.base64s("images", checkCount(body.images(), "images"),
                "image"), body.labels(), body.templates());
    }

    @PostMapping(value = ZERO_SHOT + "/files", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(operationId = "zeroShotImages", summary = "Zero-shot classification by a CLIP model of uploaded "
            + "images (multipart 'files') into 'labels' (repeated form field); optional 'templates'")
    @InferenceErrors
    @ApiResponse(responseCode = "400", description = "An empty labels list, or a template without {}")
    ClipViews.ZeroShotAnswer zeroShotFiles(@PathVariable String id, @RequestPart("files") List<MultipartFile> files,
            @RequestParam("labels") List<String> labels, @RequestParam(required = false) List<String> templates)
            throws IOException {
        return answer(id, "files", InferenceController.files(checkCount(files, "files"), maxImageSize), labels,
                templates);
    }

    @PostMapping(value = "/v1/models/{id}/search", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "searchDataset", summary = "The k images of a dataset nearest a text (CLIP models) or an "
            + "image query; the dataset's embeddings are computed once per model version and stored")
    @InferenceErrors
    @ApiResponse(responseCode = "400", description = "Neither or both of text and image, no dataset, or k out of range")
    @ApiResponse(responseCode = "404", description = "No such model, or no such dataset of the caller's")
    ClipViews.SearchAnswer search(@PathVariable String id, @RequestBody ClipViews.SearchRequest body)
            throws IOException {
        boolean text = body.text() != null;
        if (text == (body.image() != null)) {
            throw new InvalidRequestException("text", "send exactly one of text and image (base64) as the query");
        }
        if (text && body.text().isBlank()) {
            throw new InvalidRequestException("text", "text is blank");
        }
        UUID dataset = dataset(body.dataset());
        int k = body.k() == null ? 10 : body.k();
        if (k < 1 || k > MAX_K) {
            throw new InvalidRequestException("k", "k must be between 1 and " + MAX_K + ", was " + k);
        }
        ClipInference.SearchResult result = clip.search(id, text ? body.text() : null,
                text ? null : InferenceController.base64("image", body.image()), dataset, k);
        return new ClipViews.SearchAnswer(result.model().modelId(), result.model().name(), result.model().version(),
                result.model().checkpointKind(), dataset, text ? "text" : "image", result.hits());
    }

    private ClipViews.ZeroShotAnswer answer(String id, String field, List<EncodedInput> images, List<String> labels,
            List<String> templates) {
        List<String> prompts = templates == null || templates.isEmpty() ? DEFAULT_TEMPLATES : templates;
        checkLabels(labels, prompts);
        ClipInference.ZeroShotResult result = clip.zeroShot(id, field, images, labels, prompts);
        List<ClipViews.ZeroShotPrediction> predictions = new ArrayList<>();
        for (float[] row : result.probabilities()) {
            int best = 0;
            for (int k = 1; k < row.length; k++) {
                best = row[k] > row[best] ? k : best;
            }
            predictions.add(new ClipViews.ZeroShotPrediction(labels.get(best), row[best], row));
        }
        return new ClipViews.ZeroShotAnswer(result.model().modelId(), result.model().name(), result.model().version(),
                result.model().checkpointKind(), labels, prompts, predictions);
    }

    private static void checkLabels(List<String> labels, List<String> templates) {
        if (labels == null || labels.isEmpty()) {
            throw new InvalidRequestException("labels", "labels is empty: give at least one candidate label");
        }
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i) == null || labels.get(i).isBlank()) {
                throw new InvalidRequestException("labels[" + i + "]", "labels[" + i + "] is blank");
            }
        }
        for (int i = 0; i < templates.size(); i++) {
            String t = templates.get(i);
            if (t == null || t.indexOf("{}") < 0 || t.indexOf("{}") != t.lastIndexOf("{}")) {
                throw new InvalidRequestException("templates[" + i + "]", "templates[" + i
                        + "] must hold {} exactly once, where the label goes");
            }
        }
        if ((long) labels.size() * templates.size() > MAX_PROMPTS) {
            throw new InvalidRequestException("labels", labels.size() + " labels times " + templates.size()
                    + " templates is more than " + MAX_PROMPTS + " prompts");
        }
    }

    private <T> List<T> checkCount(List<T> inputs, String field) {
        if (inputs.size() > maxInputs) {
            throw new InvalidRequestException(413, field, "too many images: " + inputs.size() + ", at most "
                    + maxInputs + " per request (pretext.inference.max-images)");
        }
        return inputs;
    }

    private static UUID dataset(String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidRequestException("dataset", "dataset is required: the id of the image dataset to search");
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("dataset", "dataset must be a dataset id (a UUID), was " + id);
        }
    }
}
