package io.pretext.training.job;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.nn.Block;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.ChildEvent;
import io.pretext.training.ExitCodes;
import io.pretext.training.ModelCard;
import io.pretext.training.ModelCardJson;
import io.pretext.training.TrainingRequest;
import io.pretext.training.checkpoint.Checkpoints;
import io.pretext.training.child.RunContext;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.Optimization;
import io.pretext.training.loop.TrainingListener;

/**
 * Ends an epoch, as the last listener: writes a checkpoint when the policy says so (every N epochs
 * and always the last) and reports the epoch's metrics, as the listeners before it left them, to
 * the supervisor, with the checkpoint if one was written. Not thread-safe.
 */
final class EpochReport implements TrainingListener {

    private final RunContext context;
    private final String datasetSha256;
    private final ModelCard card;
    private final Map<String, byte[]> files;
    private final int epochs;
    private final Map<String, Block> blocks;
    private final Optimization optimization;

    /**
     * @param files what each checkpoint carries besides parameters (a text model's tokenizer)
     * @param epochs the run's last epoch (always checkpointed)
     * @param blocks what a checkpoint holds, by file name stem
     */
    EpochReport(RunContext context, String datasetSha256, ModelCard card, Map<String, byte[]> files, int epochs,
            Map<String, Block> blocks, Optimization optimization) {
        this.context = context;
        this.datasetSha256 = datasetSha256;
        this.card = card;
        this.files = files;
        this.epochs = epochs;
        this.blocks = blocks;
        this.optimization = optimization;
    }

    @Override
    public void onEpoch(int epoch, Map<String, Double> epochMetrics) throws IOException {
        Map<String, Double> metrics = new LinkedHashMap<>(epochMetrics);
        if (epoch % context.checkpointEvery() == 0 || epoch == epochs) {
            String prefix = ArtifactLayout.epoch(context.request().checkpointPrefix(), epoch);
            Checkpoints.write(context.store(), prefix, blocks, optimization.state(), files, meta(epoch, metrics),
                    context.json());
            context.events().send(new ChildEvent.Checkpoint(epoch, prefix, metrics));
        } else {
            context.events().send(new ChildEvent.Epoch(epoch, metrics));
        }
    }

    static int exitCode(RunContext context, EpochLoop.Outcome outcome) {
        return switch (outcome) {
            case COMPLETED -> {
                context.events().send(new ChildEvent.Done(Map.of()));
                yield ExitCodes.DONE;
            }
            case CANCELLED -> ExitCodes.CANCELLED;
            case RELEASED -> ExitCodes.RELEASED;
        };
    }

    private Map<String, Object> meta(int epoch, Map<String, Double> metrics) {
        TrainingRequest request = context.request();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("jobId", request.jobId().toString());
        meta.put("attempt", request.attempt());
        meta.put("kind", request.kind());
        meta.put("epoch", epoch);
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
