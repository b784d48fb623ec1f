package io.pretext.training;

import java.util.Map;
import java.util.UUID;

import io.pretext.storage.StorageProperties;

/**
 * Everything a training child needs, written by the supervisor to a file the child reads. Immutable.
 *
 * @param kind which job to run; never null (its name in JSON)
 * @param payload the job's JSON payload (spec sections, seed, checkpoint policy)
 * @param dataDir the data directory (for the folder artifact store)
 * @param checkpointPrefix where this job's checkpoints go, ending in {@code /}
 * @param resumeFrom prefix of the checkpoint to resume from, or null to start fresh
 * @param resumeEpoch the epoch that checkpoint completed (0 when starting fresh)
 * @param inputFrom prefix of another job's checkpoint this one starts from (the pretrained encoder,
 *     or the model to evaluate), or null
 * @param codeVersion the Pretext build that runs the job, for provenance
 * @param startFrom prefixes of other jobs' checkpoints parts of this job start from, by part (see
 *     {@link JobPayload#startFromJobs}); empty when none
 */
public record TrainingRequest(UUID jobId, int attempt, JobKind kind, String payload, StorageProperties storage,
        String dataDir, String checkpointPrefix, String resumeFrom, int resumeEpoch, String inputFrom,
        String codeVersion, Map<String, String> startFrom) {

    public TrainingRequest {
        startFrom = startFrom == null ? Map.of() : Map.copyOf(startFrom);
    }

    /** A request whose parts start from no other job's checkpoint. */
    public TrainingRequest(UUID jobId, int attempt, JobKind kind, String payload, StorageProperties storage,
            String dataDir, String checkpointPrefix, String resumeFrom, int resumeEpoch, String inputFrom,
            String codeVersion) {
        this(jobId, attempt, kind, payload, storage, dataDir, checkpointPrefix, resumeFrom, resumeEpoch, inputFrom,
                codeVersion, Map.of());
    }
}
