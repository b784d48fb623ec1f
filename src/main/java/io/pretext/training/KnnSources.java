package io.pretext.training;

import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The datasets of a pretraining job's kNN monitor (the payload's {@code knn} section). Immutable.
 *
 * @param bank the labeled finetuning dataset whose embeddings vote; never null after {@link JobPayload#parse}
 * @param queries the first evaluation dataset, or null to hold out part of the bank
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record KnnSources(UUID bank, UUID queries) {
}
