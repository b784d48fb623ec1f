package io.pretext.inference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import io.pretext.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
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
 * Embeddings and classifications from a registered model ({@code {id}}: id or name, optionally
 * {@code @alias} or {@code @version}), for images sent as multipart {@code files} or as JSON
 * {@code {"images": [base64, ...]}}.
 */
@RestController
@Tag(name = "inference", description = "Embeddings and classifications from registered models")
class InferenceController {

    private static final String EMBEDDINGS = "/v1/models/{id}/embeddings";
    private static final String CLASSIFICATIONS = "/v1/models/{id}/classifications";

    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    private final InferenceService inference;
    private final long maxImageSize;

    InferenceController(InferenceService inference, InferenceProperties properties) {
        this.inference = inference;
        this.maxImageSize = properties.maxImageSize().toBytes();
    }

    @PostMapping(value = EMBEDDINGS, consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Embeddings of uploaded images (multipart 'files'); normalize=true for unit length")
    InferenceViews.Embeddings embeddings(@PathVariable String id, @RequestPart("files") List<MultipartFile> files,
            @RequestParam(defaultValue = "false") boolean normalize) throws IOException {
        return InferenceResponses.embeddings(
                inference.infer(id, io.pretext.inference.Operation.EMBEDDINGS, "files", files(files)), normalize);
    }

    @PostMapping(value = EMBEDDINGS, consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Embeddings of base64 images: {\"images\": [\"<base64 PNG/JPEG>\", ...]}")
    InferenceViews.Embeddings embeddings(@PathVariable String id, @RequestBody InferenceViews.ImagesRequest body,
            @RequestParam(defaultValue = "false") boolean normalize) {
        return InferenceResponses.embeddings(
                inference.infer(id, io.pretext.inference.Operation.EMBEDDINGS, "images", images(body)), normalize);
    }

    @PostMapping(value = CLASSIFICATIONS, consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Top-k classes of uploaded images (multipart 'files')")
    InferenceViews.Classifications classifications(@PathVariable String id,
            @RequestPart("files") List<MultipartFile> files, @RequestParam(defaultValue = "5") int topK)
            throws IOException {
        checkTopK(topK);
        return InferenceResponses.classifications(inference.infer(id,
                io.pretext.inference.Operation.CLASSIFICATIONS, "files", files(files)), topK);
    }

    @PostMapping(value = CLASSIFICATIONS, consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Top-k classes of base64 images: {\"images\": [\"<base64 PNG/JPEG>\", ...]}")
    InferenceViews.Classifications classifications(@PathVariable String id,
            @RequestBody InferenceViews.ImagesRequest body, @RequestParam(defaultValue = "5") int topK) {
        checkTopK(topK);
        return InferenceResponses.classifications(inference.infer(id,
                io.pretext.inference.Operation.CLASSIFICATIONS, "images", images(body)), topK);
    }

    private static void checkTopK(int topK) {
        if (topK < 1 || topK > 1000) {
            throw new InvalidRequestException("topK", "topK must be between 1 and 1000, was " + topK);
        }
    }

    private List<ImageInput> files(List<MultipartFile> files) throws IOException {
        List<ImageInput> inputs = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            MultipartFile file = files.get(i);
            String name = "files[" + i + "]" + (file.getOriginalFilename() == null || file.getOriginalFilename()
                    .isBlank() ? "" : " (" + file.getOriginalFilename() + ")");
            if (file.getSize() > maxImageSize) {
                // Refused before reading: a part may be far larger than any image (it went to disk).
                throw new InvalidRequestException(413, name, name + ": " + file.getSize()
                        + " bytes is more than the limit of " + maxImageSize + " (pretext.inference.max-image-size)");
            }
            inputs.add(ImageInput.of(name, file.getBytes()));
        }
        return inputs;
    }

    private static List<ImageInput> images(InferenceViews.ImagesRequest body) {
        if (body.texts() != null) {
            throw new InvalidRequestException(422, "texts", "no text model serves yet: send images");
        }
        if (body.images() == null) {
            throw new InvalidRequestException("images", "images is required: a list of base64 PNG or JPEG images");
        }
        List<ImageInput> inputs = new ArrayList<>();
        for (int i = 0; i < body.images().size(); i++) {
            inputs.add(base64("images[" + i + "]", body.images().get(i)));
        }
        return inputs;
    }

    private static ImageInput base64(String name, String text) {
        if (text == null) {
            return ImageInput.unreadable(name, "null instead of a base64 image");
        }
        String data = text.startsWith("data:") && text.contains(",") ? text.substring(text.indexOf(',') + 1) : text;
        try {
            return ImageInput.of(name, Base64.getDecoder().decode(WHITESPACE.matcher(data).replaceAll("")));
        } catch (IllegalArgumentException e) {
            return ImageInput.unreadable(name, "not valid base64");
        }
    }
}
