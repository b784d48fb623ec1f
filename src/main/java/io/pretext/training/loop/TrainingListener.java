package io.pretext.training.loop;

import java.util.Map;

/**
 * A hook into the {@link EpochLoop}, in the style of DJL's {@code TrainingListener}: the loop calls
 * its listeners in the order the job lists them, so a listener sees what earlier ones did (the
 * checkpoint listener comes after those that compute the epoch's metrics). Every method does
 * nothing by default. Implementations are called from the training thread only.
 */
public interface TrainingListener {

    /** What {@link #afterEachEpoch} runs. */
    @FunctionalInterface
    interface EpochAction {
        void accept(int epoch, Map<String, Double> metrics) throws Exception;
    }

    /** What {@link #beforeEachEpoch} runs. */
    @FunctionalInterface
    interface EpochStart {
        void accept(int epoch) throws Exception;
    }

    /** A listener that only runs {@code action} at the end of every epoch. */
    static TrainingListener afterEachEpoch(EpochAction action) {
        return new TrainingListener() {
            @Override
            public void onEpoch(int epoch, Map<String, Double> metrics) throws Exception {
                action.accept(epoch, metrics);
            }
        };
    }

    /** A listener that only runs {@code action} at the start of every epoch. */
    static TrainingListener beforeEachEpoch(EpochStart action) {
        return new TrainingListener() {
            @Override
            public void onEpochStart(int epoch) throws Exception {
                action.accept(epoch);
            }
        };
    }

    /**
     * Once, before anything else: the loop starts at step {@code firstStep} (0-based) of epoch
     * {@code firstEpoch} (1-based); (1, 0) is a fresh run, anything else a resumed one.
     */
    default void onStart(int firstEpoch, int firstStep) throws Exception {
    }

    /**
     * Before the first step of {@code epoch} (1-based), e.g. to unfreeze layers; also for an epoch
     * resumed in its middle.
     */
    default void onEpochStart(int epoch) throws Exception {
    }

    /**
     * After the optimizer step {@code step} (0-based) of {@code epoch}.
     *
     * @param loss the step's loss, possibly not finite
     */
    default void onStep(int epoch, int step, double loss) throws Exception {
    }

    /**
     * After the last step of {@code epoch}.
     *
     * @param metrics the epoch's metrics so far, by name, in insertion order: a listener adds its own
     *     for those after it (and for the report)
     */
    default void onEpoch(int epoch, Map<String, Double> metrics) throws Exception {
    }

    /** When the loop ends, however it ends (not when a listener or a step throws). */
    default void onEnd(EpochLoop.Outcome outcome) throws Exception {
    }
}
