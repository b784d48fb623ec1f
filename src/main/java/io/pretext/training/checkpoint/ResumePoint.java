package io.pretext.training.checkpoint;

import java.io.IOException;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import io.pretext.storage.ArtifactStore;
import io.pretext.training.ArtifactLayout;
import tools.jackson.databind.json.JsonMapper;

/**
 * The checkpoint a run resumes from, and where it stands. The supervisor names the newest epoch
 * checkpoint its database recorded (a row is written only after the child reported the checkpoint
 * complete, so the row vouches for it, also for checkpoints from before manifests); step
 * checkpoints, taken mid-epoch, are only in the artifact store, so the child lists its job's
 * {@link ArtifactLayout#STEP_FOLDER step folders} and takes the newest complete one (manifest
 * present, every file it names present) that lies beyond the supervisor's. A step folder without
 * its manifest is a torn write and is never chosen. Immutable.
 *
 * @param prefix the checkpoint's prefix, ending in {@code /}
 * @param position where it stands; a checkpoint without a manifest stands at the end of the epoch
 *     the supervisor recorded
 */
public record ResumePoint(String prefix, TrainingPosition position) {

    /**
     * @param checkpoints the job's checkpoint prefix ({@link ArtifactLayout#checkpoints})
     * @param resumeFrom the supervisor's newest epoch checkpoint, or null
     * @param resumeEpoch the epoch it completed (0 without one)
     * @return empty for a fresh start
     */
    public static Optional<ResumePoint> find(ArtifactStore store, String checkpoints, String resumeFrom,
            int resumeEpoch, JsonMapper json) throws IOException {
        Optional<ResumePoint> recorded = Optional.empty();
        TrainingPosition after = TrainingPosition.afterEpoch(resumeEpoch, 0);
        if (resumeFrom != null) {
            TrainingPosition position = CheckpointManifest.read(store, resumeFrom, json)
                    .map(CheckpointManifest::position).orElse(after);
            recorded = Optional.of(new ResumePoint(resumeFrom, position));
            after = position;
        }
        List<String> keys = store.list(checkpoints + ArtifactLayout.STEP_FOLDER);
        Set<String> present = new HashSet<>(keys);
        TreeSet<String> folders = new TreeSet<>(Comparator.reverseOrder());
        for (String key : keys) {
            int slash = key.indexOf('/', checkpoints.length());
            if (slash > 0) {
                folders.add(key.substring(0, slash + 1));
            }
        }
        for (String folder : folders) {
            if (!present.contains(folder + ArtifactLayout.MANIFEST)) {
                continue; // torn: never selected
            }
            Optional<CheckpointManifest> manifest = CheckpointManifest.read(store, folder, json);
            if (manifest.isPresent() && manifest.get().completeIn(folder, present)) {
                TrainingPosition position = manifest.get().position();
                // Folders sort by global step: the newest complete one decides.
                return position.isAfter(after) ? Optional.of(new ResumePoint(folder, position)) : recorded;
            }
        }
        return recorded;
    }
}
