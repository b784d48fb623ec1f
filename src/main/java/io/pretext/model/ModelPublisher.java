package io.pretext.model;

import java.io.IOException;
import java.util.Optional;
import java.util.UUID;

/**
 * Registers a chosen job's model under a name and alias of the caller's choosing (a study's best
 * model per label budget), beside the registry's own version per experiment. Thread-safe.
 */
public interface ModelPublisher {

    /**
     * Registers the best checkpoint of {@code jobId} (a finetune or scratch job of
     * {@code experimentId}) as a new version of the tenant's model {@code modelName} (created if
     * new) and points {@code alias} at it; when that model already holds a version from this
     * experiment, only the alias moves to it.
     *
     * @param alias a lower-case letter, then up to 63 letters, digits, {@code -} or {@code _}
     * @return the version number, or empty when the job wrote no servable checkpoint
     * @throws IOException when the checkpoint cannot be read now (try again later)
     */
    Optional<Integer> publish(UUID tenantId, UUID experimentId, UUID jobId, String modelName, String alias)
            throws IOException;

    /** Whether {@code alias} is a valid alias name. */
    static boolean validAlias(String alias) {
        return ModelReference.ALIAS.matcher(alias).matches() && !alias.equals(ModelReference.LATEST);
    }
}
