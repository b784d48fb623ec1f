package io.pretext.inference;

import java.util.List;
import java.util.UUID;

import io.pretext.model.CheckpointKind;
import io.swagger.v3.oas.annotations.media.Schema;

/** Request and response bodies of the CLIP routes (zero-shot classification, search). Immutable records. */
final class ClipViews {

    private ClipViews() {
    }

    /**
     * Zero-shot classification of base64 images into labels given as text.
     *
     * @param templates prompts, each with one {@code {}} where the label goes; default
     *     {@code ["a photo of a {}"]}
     */
    @Schema(name = "ZeroShotRequest", requiredProperties = {"images", "labels"})
    record ZeroShotRequest(
            @Schema(description = "Base64 PNG or JPEG images") List<String> images,
            @Schema(description = "Candidate labels, as words or phrases") List<String> labels,
            @Schema(description = "Prompt templates, each with one {} for the label; default [\"a photo of a {}\"]")
            List<String> templates) {
    }

    /** For every image, in request order, the probability of each label (in request order). */
    @Schema(name = "ZeroShotAnswer", requiredProperties = {"modelId", "model", "version", "checkpointKind", "labels",
            "templates", "predictions"})
    record ZeroShotAnswer(UUID modelId, String model, int version, CheckpointKind checkpointKind, List<String> labels,
            List<String> templates, List<ZeroShotPrediction> predictions) {
    }

    /** An image's most probable label and the probabilities of all labels, aligned with the request's. */
    @Schema(name = "ZeroShotPrediction", requiredProperties = {"label", "probability", "probabilities"})
    record ZeroShotPrediction(String label, float probability, float[] probabilities) {
    }

    /**
     * A search of a dataset's images for a text or an image query.
     *
     * @param k how many items to return, 1 to 1000 (default 10)
     */
    @Schema(name = "SearchRequest", requiredProperties = {"dataset"})
    record SearchRequest(
            @Schema(description = "A text query (CLIP models only)") String text,
            @Schema(description = "A base64 PNG or JPEG image query") String image,
            @Schema(description = "The id of an image dataset of the model's input size") String dataset,
            @Schema(description = "Items to return, 1 to 1000; default 10") Integer k) {
    }

    /** The dataset's items most similar to the query, best first. */
    @Schema(name = "SearchAnswer", requiredProperties = {"modelId", "model", "version", "checkpointKind", "dataset",
            "query", "results"})
    record SearchAnswer(UUID modelId, String model, int version, CheckpointKind checkpointKind, UUID dataset,
            @Schema(description = "text or image") String query, List<SearchHit> results) {
    }

    /**
     * One item: its index in the dataset, the cosine similarity of its embedding to the query's,
     * its class name (labeled datasets) and its first caption (captioned datasets), else null.
     */
    @Schema(name = "SearchHit", requiredProperties = {"index", "score"})
    record SearchHit(int index, float score, String label, String caption) {
    }
}
