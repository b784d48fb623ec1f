package io.pretext.training.checkpoint;

/**
 * Where a checkpoint stands in a run: the state after {@code epochsDone} whole epochs and then
 * {@code stepInEpoch} optimizer steps of the next one, {@code globalStep} steps in all. An epoch
 * checkpoint has {@code stepInEpoch == 0}; a step checkpoint taken mid-epoch has it above 0, and a
 * resumed run starts epoch {@code epochsDone + 1} at step {@code stepInEpoch} (0-based), skipping the
 * batches already consumed. Immutable.
 */
public record TrainingPosition(int epochsDone, int stepInEpoch, long globalStep) {

    public TrainingPosition {
        if (epochsDone < 0 || stepInEpoch < 0 || globalStep < 0) {
            throw new IllegalArgumentException("a training position is never negative");
        }
    }

    /** The position at the end of epoch {@code epoch}. */
    public static TrainingPosition afterEpoch(int epoch, long globalStep) {
        return new TrainingPosition(epoch, 0, globalStep);
    }

    /** Whether this position comes after {@code other} (later epoch, or the same one further on). */
    public boolean isAfter(TrainingPosition other) {
        return epochsDone != other.epochsDone ? epochsDone > other.epochsDone : stepInEpoch > other.stepInEpoch;
    }
}
