package io.pretext.model;

import java.util.UUID;

import io.pretext.training.ModelCard;

/**
 * One registered version of a model, as inference needs it: where its checkpoint is and what it
 * takes and gives. Immutable.
 *
 * @param versionId the version's own id (stable, e.g. a cache key)
 * @param modelId the model's id
 * @param name the model's name (the experiment's name)
 * @param version the version number, from 1
 * @param checkpointPrefix the artifact store prefix of the checkpoint, ending in {@code /}
 * @param checkpointKind which of the experiment's networks the checkpoint is; never null
 * @param card what the model takes and gives; never null
 * @param tenantId the tenant that owns the model; null only where no tenant is known (tests)
 */
public record ModelVersion(UUID versionId, UUID modelId, String name, int version, String checkpointPrefix,
        CheckpointKind checkpointKind, ModelCard card, UUID tenantId) {

    /** A version whose owner is not known (the tenant-less form, for callers outside a request). */
    public ModelVersion(UUID versionId, UUID modelId, String name, int version, String checkpointPrefix,
            CheckpointKind checkpointKind, ModelCard card) {
        this(versionId, modelId, name, version, checkpointPrefix, checkpointKind, card, null);
    }
}
