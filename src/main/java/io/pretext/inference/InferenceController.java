package io.pretext.inference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pretext.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Hidden;
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
 * {@code {"images": [base64, ...]}}; for an audio model, WAV files sent as multipart {@code files}
 * or as JSON {@code {"audio": [base64, ...]}}; for a text model, texts as JSON {@code {"texts": [...]}}.
 * The multipart form is also accepted on {@code .../files}, its own operation in the OpenAPI document.
 */
@RestController
@Tag(name = "inference", description = "Embeddings and classifications from registered models")
class InferenceController {

    private static final String EMBEDDINGS = "/v1/models/{id}/embeddings";
    private static final String CLASSIFICATIONS = "/v1/models/{id}/classifications";
    /**
     * The multipart operations' own paths: OpenAPI allows one operation per path and method, and a
     * generated client sends only the first content type of an operation, so the JSON body and the
     * multipart form are published as two operations. Both paths accept the multipart form.
     */
    private static final String FILES = "/files";

    private static final java.util.regex.Pattern WHITESPACE = java.util.regex.Pattern.compile("\\s+");

    private final InferenceService inference;
    private final long maxImageSize;
    private final int maxInputs;

    InferenceController(InferenceService inference, InferenceProperties properties) {
        this.inference = inference;
        this.maxImageSize = properties.maxImageSize().toBytes();
        this.maxInputs = properties.maxImages();
    }

    @PostMapping(value = EMBEDDINGS + FILES, consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(operationId = "embedImages",
            summary = "Embeddings of uploaded images, or WAV files for an audio model (multipart 'files'); "
                    + "normalize=true for unit length")
    @InferenceErrors
    InferenceViews.Embeddings embeddings(@PathVariable String id, @RequestPart("files") List<MultipartFile> files,
            @RequestParam(defaultValue = "false") boolean normalize) throws IOException {
        return InferenceResponses.embeddings(
                inference.inferFiles(id, io.pretext.inference.Operation.EMBEDDINGS, "files", files(files)), normalize);
    }

    /** The multipart form on the JSON operation's path, as before {@code /files} existed. */
    @Hidden
    @PostMapping(value = EMBEDDINGS, consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    InferenceViews.Embeddings embeddingsOnSharedPath(@PathVariable String id,
            @RequestPart("files") List<MultipartFile> files, @RequestParam(defaultValue = "false") boolean normalize)
            throws IOException {
        return embeddings(id, files, normalize);
    }

    @PostMapping(value = EMBEDDINGS, consumes = MediaType.APPLICATION_JSON_VALUE)
    @InferenceErrors
    @Operation(operationId = "embedInputs", summary = "Embeddings of base64 images {\"images\": [\"<base64 PNG/JPEG>\", ...]}, for an audio "
            + "model of base64 WAV files {\"audio\": [\"<base64 WAV>\", ...]}, or for a text model of texts "
            + "{\"texts\": [\"...\", ...]}")
    InferenceViews.Embeddings embeddings(@PathVariable String id, @RequestBody InferenceViews.InputsRequest body,
            @RequestParam(defaultValue = "false") boolean normalize) {
        return InferenceResponses.embeddings(infer(id, io.pretext.inference.Operation.EMBEDDINGS, body), normalize);
    }

    @PostMapping(value = CLASSIFICATIONS + FILES, consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(operationId = "classifyImages", summary = "Top-k classes of uploaded images, or WAV files for an audio model (multipart 'files')")
    @InferenceErrors
    InferenceViews.Classifications classifications(@PathVariable String id,
            @RequestPart("files") List<MultipartFile> files, @RequestParam(defaultValue = "5") int topK)
            throws IOException {
        checkTopK(topK);
        return InferenceResponses.classifications(inference.inferFiles(id,
                io.pretext.inference.Operation.CLASSIFICATIONS, "files", files(files)), topK);
    }

    /** The multipart form on the JSON operation's path, as before {@code /files} existed. */
    @Hidden
    @PostMapping(value = CLASSIFICATIONS, consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    InferenceViews.Classifications classificationsOnSharedPath(@PathVariable String id,
            @RequestPart("files") List<MultipartFile> files, @RequestParam(defaultValue = "5") int topK)
            throws IOException {
        return classifications(id, files, topK);
    }

    @PostMapping(value = CLASSIFICATIONS, consumes = MediaType.APPLICATION_JSON_VALUE)
    @InferenceErrors
    @Operation(operationId = "classifyInputs", summary = "Top-k classes of base64 images {\"images\": [\"<base64 PNG/JPEG>\", ...]}, for an "
            + "audio model of base64 WAV files {\"audio\": [\"<base64 WAV>\", ...]}, or for a text model of "
            + "texts {\"texts\": [\"...\", ...]}")
    InferenceViews.Classifications classifications(@PathVariable String id,
            @RequestBody InferenceViews.InputsRequest body, @RequestParam(defaultValue = "5") int topK) {
        checkTopK(topK);
        return InferenceResponses.classifications(infer(id, io.pretext.inference.Operation.CLASSIFICATIONS, body),
                topK);
    }

    private InferenceService.Result infer(String id, io.pretext.inference.Operation operation,
            InferenceViews.InputsRequest body) {
        Map<String, List<String>> given = new LinkedHashMap<>();
        given.put("images", body.images());
        given.put("texts", body.texts());
        given.put("audio", body.audio());
        given.values().removeIf(java.util.Objects::isNull);
        // Generated clients send an unset list as [] (openapi-generator's Java models do): an empty
        // list beside a non-empty one counts as absent.
        if (given.values().stream().anyMatch(l -> !l.isEmpty())) {
            given.values().removeIf(List::isEmpty);
        }
        if (given.size() > 1) {
            List<String> fields = List.copyOf(given.keySet());
            throw new InvalidRequestException(fields.get(1), "send one of images, texts or audio, not "
                    + String.join(" and ", fields));
        }
        if (given.containsKey("texts")) {
            return inference.inferTexts(id, operation, texts(body.texts()));
        }
        if (given.containsKey("audio")) {
            return inference.inferAudio(id, operation, "audio", base64s("audio", body.audio(), "WAV file"));
        }
        if (body.images() == null) {
            throw new InvalidRequestException("images", "images (base64 PNG or JPEG), texts or audio (base64 WAV) "
                    + "is required");
        }
        return inference.infer(id, operation, "images", base64s("images", body.images(), "image"));
    }

    private static boolean nonEmpty(List<String> values) {
        return values != null && !values.isEmpty();
    }

    private List<String> texts(List<String> texts) {
        if (texts.isEmpty()) {
            throw new InvalidRequestException("texts", "texts is empty: send at least one text");
        }
        if (texts.size() > maxInputs) {
            throw new InvalidRequestException(413, "texts", "too many texts: " + texts.size() + ", at most "
                    + maxInputs + " per request (pretext.inference.max-images)");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new InvalidRequestException("texts[" + i + "]", "texts[" + i + "] is null, not a text");
            }
        }
        return texts;
    }

    static void checkTopK(int topK) {
        if (topK < 1 || topK > 1000) {
            throw new InvalidRequestException("topK", "topK must be between 1 and 1000, was " + topK);
        }
    }

    private List<EncodedInput> files(List<MultipartFile> files) throws IOException {
        return files(files, maxImageSize);
    }

    /** Multipart files named {@code files[i] (name)}; one larger than {@code maxImageSize} is a 413. */
    static List<EncodedInput> files(List<MultipartFile> files, long maxImageSize) throws IOException {
        List<EncodedInput> inputs = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            MultipartFile file = files.get(i);
            String name = "files[" + i + "]" + (file.getOriginalFilename() == null || file.getOriginalFilename()
                    .isBlank() ? "" : " (" + file.getOriginalFilename() + ")");
            if (file.getSize() > maxImageSize) {
                // Refused before reading: a part may be far larger than any image (it went to disk).
                throw new InvalidRequestException(413, name, name + ": " + file.getSize()
                        + " bytes is more than the limit of " + maxImageSize + " (pretext.inference.max-image-size)");
            }
            inputs.add(EncodedInput.of(name, file.getBytes()));
        }
        return inputs;
    }

    static List<EncodedInput> base64s(String field, List<String> values, String what) {
        List<EncodedInput> inputs = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            inputs.add(base64(field + "[" + i + "]", values.get(i), what));
        }
        return inputs;
    }

    /** A base64 image (a {@code data:} URI prefix is allowed), or why it cannot be read. */
    static EncodedInput base64(String name, String text) {
        return base64(name, text, "image");
    }

    /** A base64 file (a {@code data:} URI prefix is allowed), or why it cannot be read. */
    static EncodedInput base64(String name, String text, String what) {
        if (text == null) {
            return EncodedInput.unreadable(name, "null instead of a base64 " + what);
        }
        String data = text.startsWith("data:") && text.contains(",") ? text.substring(text.indexOf(',') + 1) : text;
        try {
            return EncodedInput.of(name, Base64.getDecoder().decode(WHITESPACE.matcher(data).replaceAll("")));
        } catch (IllegalArgumentException e) {
            return EncodedInput.unreadable(name, "not valid base64");
        }
    }
}
