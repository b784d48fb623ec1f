package io.pretext.inference;

import java.util.List;

import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Embeddings and classifications of pixels the caller already holds: an
 * {@code application/octet-stream} body of {@code uint8} or little-endian {@code float32}
 * elements in NCHW order, with {@code shape} (N, C, H, W) and {@code dtype} as query parameters,
 * checked against the model card ({@link PixelTensor}). Served on {@code .../tensor} and on the
 * native routes' own paths. Left out of the OpenAPI document: openapi-generator's Java client
 * (7.25, {@code native}) serialises a binary body as JSON (its issue #17801), so a published
 * operation would give generated clients a method that sends the file's path; README documents
 * the routes for curl and hand-written clients.
 */
@RestController
class TensorInferenceController {

    private static final String EMBEDDINGS = "/v1/models/{id}/embeddings";
    private static final String CLASSIFICATIONS = "/v1/models/{id}/classifications";
    private static final String TENSOR = "/tensor";
    private static final String OCTETS = MediaType.APPLICATION_OCTET_STREAM_VALUE;
    private static final String SHAPE = "The tensor's shape [N, C, H, W] (NCHW), e.g. shape=2,1,28,28; C, H and W "
            + "must equal the model card's channels, height and width";
    private static final String DTYPE = "The element type: uint8 (0 to 255) or float32 (little-endian, in [0, 1])";

    private final InferenceService inference;
    private final int maxImages;

    TensorInferenceController(InferenceService inference, InferenceProperties properties) {
        this.inference = inference;
        this.maxImages = properties.maxImages();
    }

    @Hidden
    @PostMapping(value = EMBEDDINGS + TENSOR, consumes = OCTETS)
    InferenceViews.Embeddings embeddings(@PathVariable String id, @RequestBody byte[] body,
            @Parameter(description = SHAPE) @RequestParam List<Long> shape,
            @Parameter(description = DTYPE, schema = @Schema(implementation = PixelTensor.PixelType.class))
            @RequestParam(defaultValue = "uint8") String dtype,
            @RequestParam(defaultValue = "false") boolean normalize) {
        return InferenceResponses.embeddings(infer(id, io.pretext.inference.Operation.EMBEDDINGS, body, shape, dtype),
                normalize);
    }

    /** The octet-stream body on the JSON operation's path. */
    @Hidden
    @PostMapping(value = EMBEDDINGS, consumes = OCTETS)
    InferenceViews.Embeddings embeddingsOnSharedPath(@PathVariable String id, @RequestBody byte[] body,
            @RequestParam List<Long> shape, @RequestParam(defaultValue = "uint8") String dtype,
            @RequestParam(defaultValue = "false") boolean normalize) {
        return embeddings(id, body, shape, dtype, normalize);
    }

    @Hidden
    @PostMapping(value = CLASSIFICATIONS + TENSOR, consumes = OCTETS)
    InferenceViews.Classifications classifications(@PathVariable String id, @RequestBody byte[] body,
            @Parameter(description = SHAPE) @RequestParam List<Long> shape,
            @Parameter(description = DTYPE, schema = @Schema(implementation = PixelTensor.PixelType.class))
            @RequestParam(defaultValue = "uint8") String dtype,
            @RequestParam(defaultValue = "5") int topK) {
        InferenceController.checkTopK(topK);
        return InferenceResponses.classifications(
                infer(id, io.pretext.inference.Operation.CLASSIFICATIONS, body, shape, dtype), topK);
    }

    /** The octet-stream body on the JSON operation's path. */
    @Hidden
    @PostMapping(value = CLASSIFICATIONS, consumes = OCTETS)
    InferenceViews.Classifications classificationsOnSharedPath(@PathVariable String id, @RequestBody byte[] body,
            @RequestParam List<Long> shape, @RequestParam(defaultValue = "uint8") String dtype,
            @RequestParam(defaultValue = "5") int topK) {
        return classifications(id, body, shape, dtype, topK);
    }

    private InferenceService.Result infer(String id, io.pretext.inference.Operation operation, byte[] body,
            List<Long> shape, String dtype) {
        PixelTensor.PixelType type = PixelTensor.PixelType.of("dtype", dtype);
        int count = PixelTensor.count("shape", shape, maxImages);
        return inference.inferPixels(id, operation, count, model -> {
            PixelTensor.requireFits("shape", shape, model.card(), model.name() + " version " + model.version());
            return PixelTensor.fromBytes("body", body, type, count, model.card());
        });
    }
}
