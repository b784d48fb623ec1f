package io.pretext.training.loop;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import io.pretext.training.ChildEvent;

/**
 * Tells the supervisor where training is within the job — epoch, step, samples per second and the
 * time left — at the first step and then every {@code interval}, so a long epoch shows signs of life.
 * Rates count only this run's steps (a resumed run starts its own clock). A run that is only a phase
 * before the training proper (a screen of a rate grid) names it, and counts the steps still to come
 * after it in the time left. Not thread-safe: called from the training thread.
 */
public final class ProgressReporter implements TrainingListener {

    private final Consumer<ChildEvent.Progress> sink;
    private final LongSupplier nanoTime;
    private final long intervalNanos;
    private final int lastEpoch;
    private final int stepsPerEpoch;
    private final double samplesPerStep;
    private final String phase;
    private final long stepsAfter;
    private long startedAt = -1;
    private long lastSentAt;
    private long stepsDone;

    /**
     * @param sink where the reports go (the child's event channel)
     * @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime})
     * @param interval the least time between two reports after the first
     * @param lastEpoch the job's last epoch
     * @param stepsPerEpoch optimizer steps per epoch, positive
     * @param samplesPerStep training samples per optimizer step (the batch size)
     */
    public ProgressReporter(Consumer<ChildEvent.Progress> sink, LongSupplier nanoTime, Duration interval,
            int lastEpoch, int stepsPerEpoch, double samplesPerStep) {
        this(sink, nanoTime, interval, lastEpoch, stepsPerEpoch, samplesPerStep, null, 0);
    }

    /**
     * A reporter of a phase before the training proper.
     *
     * @param phase what the phase is, in words; null for the training proper
     * @param stepsAfter optimizer steps the job still has to take after this run, at least 0
     */
    public ProgressReporter(Consumer<ChildEvent.Progress> sink, LongSupplier nanoTime, Duration interval,
            int lastEpoch, int stepsPerEpoch, double samplesPerStep, String phase, long stepsAfter) {
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException("stepsPerEpoch must be positive, was " + stepsPerEpoch);
        }
        this.sink = sink;
        this.nanoTime = nanoTime;
        this.intervalNanos = interval.toNanos();
        this.lastEpoch = lastEpoch;
        this.stepsPerEpoch = stepsPerEpoch;
        this.samplesPerStep = samplesPerStep;
        this.phase = phase;
        this.stepsAfter = Math.max(0, stepsAfter);
    }

    @Override
    public void onEpochStart(int epoch) {
        if (startedAt < 0) {
            startedAt = nanoTime.getAsLong();
        }
    }

    @Override
    public void onStep(int epoch, int step, double loss) {
        stepsDone++;
        long now = nanoTime.getAsLong();
        if (stepsDone > 1 && now - lastSentAt < intervalNanos) {
            return;
        }
        lastSentAt = now;
        double seconds = Math.max(1e-9, (now - startedAt) / 1e9);
        double stepsPerSecond = stepsDone / seconds;
        long remaining = (long) (lastEpoch - epoch) * stepsPerEpoch + (stepsPerEpoch - step - 1) + stepsAfter;
        sink.accept(new ChildEvent.Progress(epoch, lastEpoch, step + 1, stepsPerEpoch,
                stepsPerSecond * samplesPerStep, remaining / stepsPerSecond, phase));
    }
}
