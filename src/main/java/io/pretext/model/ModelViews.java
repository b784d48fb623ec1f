package io.pretext.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pretext.training.JobKind;
import io.pretext.training.ModelCard;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.databind.JsonNode;

/** What the registry's routes answer. Immutable records. */
final class ModelViews {

    private ModelViews() {
    }

    /** A model in a listing: its newest version number and its aliases. */
    @Schema(name = "ModelSummary", requiredProperties = {"id", "name", "latestVersion", "aliases", "createdAt"})
    record Summary(UUID id, String name, int latestVersion, Map<String, Integer> aliases, Instant createdAt) {
    }

    /** A model with every version. */
    @Schema(name = "ModelDetail", requiredProperties = {"id", "name", "latestVersion", "aliases", "versions",
            "createdAt"})
    record Detail(UUID id, String name, int latestVersion, Map<String, Integer> aliases, List<Version> versions,
            Instant createdAt) {
    }

    /**
     * One version: the checkpoint it serves, the job and epoch it came from, the card, the metrics
     * (that epoch's validation numbers and the job's evaluations) and the provenance (spec, data
     * hash, seed, code and library versions, how the checkpoint was chosen).
     */
    @Schema(name = "ModelVersion", requiredProperties = {"version", "experimentId", "jobId", "jobKind", "epoch",
            "checkpoint", "card", "metrics", "createdAt"})
    record Version(int version, UUID experimentId, UUID jobId,
            @Schema(implementation = JobKind.class) String jobKind, int epoch, String checkpoint,
            ModelCard card, Map<String, Double> metrics, JsonNode provenance, Instant createdAt) {
    }

    /** The body of {@code PUT /v1/models/{id}/aliases/{alias}}. */
    @Schema(name = "AliasRequest")
    record AliasRequest(Integer version) {
    }
}
