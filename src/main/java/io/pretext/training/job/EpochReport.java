package io.pretext.training.job;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.pretext.training.ChildEvent;
import io.pretext.training.ExitCodes;
import io.pretext.training.child.RunContext;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.TrainingListener;

/**
 * Ends an epoch, as the last listener but the step checkpoints: writes a checkpoint when the policy
 * says so (every N epochs and always the last) and reports the epoch's metrics, as the listeners
 * before it left them, to the supervisor, with the checkpoint if one was written; once the
 * supervisor has that, the step checkpoints before it are dropped. Not thread-safe.
 */
final class EpochReport implements TrainingListener {

    private final RunContext context;
    private final CheckpointWriter writer;
    private final int epochs;

    /** @param epochs the run's last epoch (always checkpointed) */
    EpochReport(RunContext context, CheckpointWriter writer, int epochs) {
        this.context = context;
        this.writer = writer;
        this.epochs = epochs;
    }

    @Override
    public void onEpoch(int epoch, Map<String, Double> epochMetrics) throws IOException {
        Map<String, Double> metrics = new LinkedHashMap<>(epochMetrics);
        writer.epochMetrics(metrics);
        if (epoch % context.checkpointEvery() == 0 || epoch == epochs) {
            String prefix = writer.writeEpoch(epoch, metrics);
            context.events().send(new ChildEvent.Checkpoint(epoch, prefix, metrics));
            writer.dropStepCheckpoints(null);
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
}
