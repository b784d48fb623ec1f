package io.pretext.training.job;

import java.io.IOException;
import java.util.Map;

import io.pretext.training.checkpoint.TrainingPosition;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.Optimization;
import io.pretext.training.loop.TrainingListener;

/**
 * The step half of a checkpoint policy with {@code everySteps}: a checkpoint after every global
 * optimizer step that is a multiple of {@code everySteps}, unless an epoch checkpoint was just
 * written there; and, when the supervisor asks for the job back (a graceful shutdown), one at the
 * current position, so the next worker loses no steps. A step checkpoint taken mid-epoch records
 * the steps of the epoch done, and a resumed run continues from the next one. Put it after
 * {@link EpochReport}. Not thread-safe.
 */
final class StepCheckpoint implements TrainingListener {

    private final CheckpointWriter writer;
    private final Optimization optimization;
    private final int everySteps;
    private final int stepsPerEpoch;
    private TrainingPosition position;

    StepCheckpoint(CheckpointWriter writer, Optimization optimization, int everySteps, int stepsPerEpoch) {
        if (everySteps < 1) {
            throw new IllegalArgumentException("checkpoint.everySteps must be positive, was " + everySteps);
        }
        this.writer = writer;
        this.optimization = optimization;
        this.everySteps = everySteps;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    @Override
    public void onStep(int epoch, int step, double loss) throws IOException {
        int done = step + 1;
        if (done == stepsPerEpoch) {
            return; // the epoch's end: the epoch's listeners run first, see onEpoch
        }
        position = new TrainingPosition(epoch - 1, done, optimization.globalStep());
        if (position.globalStep() % everySteps == 0) {
            writer.writeStep(position);
        }
    }

    @Override
    public void onEpoch(int epoch, Map<String, Double> metrics) throws IOException {
        position = TrainingPosition.afterEpoch(epoch, optimization.globalStep());
        if (position.globalStep() % everySteps == 0 && writer.lastWritten() != position.globalStep()) {
            writer.writeStep(position);
        }
    }

    @Override
    public void onEnd(EpochLoop.Outcome outcome) throws IOException {
        if (outcome == EpochLoop.Outcome.RELEASED && position != null
                && writer.lastWritten() != position.globalStep()) {
            writer.writeStep(position);
        }
    }
}
