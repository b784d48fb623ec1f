package io.pretext.training.job;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

import io.pretext.training.ArtifactLayout;
import io.pretext.training.ModelCard;
import io.pretext.training.ModelCardJson;
import io.pretext.training.TrainingRequest;
import io.pretext.training.checkpoint.CheckpointContents;
import io.pretext.training.checkpoint.Checkpoints;
import io.pretext.training.checkpoint.TrainingPosition;
import io.pretext.training.child.RunContext;
import io.pretext.training.loop.Optimization;
import io.pretext.training.method.Objective;

/**
 * Writes a job's checkpoints, at epoch ends ({@link EpochReport}) and mid-epoch
 * ({@link StepCheckpoint}): the objective's blocks and method state, the optimizer's state, the
 * job's files and the meta with provenance, then the manifest. Step checkpoints only serve resuming,
 * so once a newer checkpoint is complete the older step checkpoints (and torn ones) are deleted.
 * Any failure to write throws (it fails the attempt); a failure to delete is only logged. Not
 * thread-safe.
 */
final class CheckpointWriter {

    private final RunContext context;
    private final String datasetSha256;
    private final ModelCard card;
    private final Map<String, byte[]> files;
    private final Objective objective;
    private final Optimization optimization;
    private long lastWritten;
    private Map<String, Double> lastMetrics = Map.of();

    /** @param files what each checkpoint carries besides parameters (a text model's tokenizer) */
    CheckpointWriter(RunContext context, String datasetSha256, ModelCard card, Map<String, byte[]> files,
            Objective objective, Optimization optimization) {
        this.context = context;
        this.datasetSha256 = datasetSha256;
        this.card = card;
        this.files = files;
        this.objective = objective;
        this.optimization = optimization;
        // A resumed run's first position is its checkpoint's: nothing new to save there.
        this.lastWritten = optimization.globalStep();
    }

    /** Writes the checkpoint of the end of {@code epoch} and returns its prefix. */
    String writeEpoch(int epoch, Map<String, Double> metrics) throws IOException {
        String prefix = ArtifactLayout.epoch(context.request().checkpointPrefix(), epoch);
        write(prefix, TrainingPosition.afterEpoch(epoch, optimization.globalStep()), metrics);
        return prefix;
    }

    /** Remembers an epoch's metrics: step checkpoints of the next epoch record them as their latest. */
    void epochMetrics(Map<String, Double> metrics) {
        lastMetrics = Map.copyOf(metrics);
    }

    /** Writes a step checkpoint at {@code position} (the current one) and drops the older ones. */
    void writeStep(TrainingPosition position) throws IOException {
        String prefix = ArtifactLayout.step(context.request().checkpointPrefix(), position.globalStep());
        write(prefix, position, lastMetrics);
        dropStepCheckpoints(prefix);
    }

    /** The global step of the newest checkpoint written or resumed from. */
    long lastWritten() {
        return lastWritten;
    }

    /**
     * Deletes every step checkpoint but {@code keep} (null: all of them), e.g. once an epoch
     * checkpoint has been reported and recorded in their stead.
     */
    void dropStepCheckpoints(String keep) {
        String steps = context.request().checkpointPrefix() + ArtifactLayout.STEP_FOLDER;
        String checkpoints = context.request().checkpointPrefix();
        try {
            TreeSet<String> folders = new TreeSet<>();
            for (String key : context.store().list(steps)) {
                int slash = key.indexOf('/', checkpoints.length());
                if (slash > 0) {
                    folders.add(key.substring(0, slash + 1));
                }
            }
            if (keep != null) {
                folders.remove(keep);
            }
            for (String folder : folders) {
                Checkpoints.delete(context.store(), folder);
            }
        } catch (IOException e) {
            // Only space is lost: a newer complete checkpoint exists, so none of these is resumed from.
            System.err.println("Could not delete old step checkpoints: " + e);
        }
    }

    private void write(String prefix, TrainingPosition position, Map<String, Double> metrics) throws IOException {
        Checkpoints.write(context.store(), prefix, new CheckpointContents(objective.checkpointBlocks(),
                optimization.state(), objective.methodState(), files, meta(position, metrics)), position,
                context.json());
        lastWritten = position.globalStep();
    }

    private Map<String, Object> meta(TrainingPosition position, Map<String, Double> metrics) {
        TrainingRequest request = context.request();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("jobId", request.jobId().toString());
        meta.put("attempt", request.attempt());
        meta.put("kind", request.kind());
        meta.put("epoch", position.epochsDone());
        if (position.stepInEpoch() > 0) {
            meta.put("stepInEpoch", position.stepInEpoch());
        }
        meta.put("globalStep", position.globalStep());
        meta.put("metrics", metrics);
        meta.put(ModelCardJson.META_FIELD, ModelCardJson.write(card));
        meta.put("payload", context.payload());
        meta.put("datasetSha256", datasetSha256);
        meta.put("seed", context.seed());
        // No generator state to save: every epoch's shuffling and views draw from a Random seeded
        // with (seed, epoch, step), so a resumed run sees exactly the data it would have seen.
        meta.put("rng", "derived from seed, epoch and step");
        meta.put("code", request.codeVersion());
        return meta;
    }
}
