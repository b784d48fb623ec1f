package io.pretext.training;

/**
 * A finetuning strategy ({@code finetune.strategy}): how the head starts (at random or as a fitted
 * linear probe) and which of the encoder's layers train in each epoch; the classification head
 * always trains. Every change of the first trainable layer starts the learning-rate schedule over
 * (a fresh warm-up for each newly unfrozen stage). Implementations register in
 * {@link TrainingMethods} (built in) or through {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.pretext.training.FinetuneStrategy}). Immutable and thread-safe.
 */
public interface FinetuneStrategy {

    /** The spec's {@code finetune.strategy}: lower-case, stable once shipped. */
    String name();

    /**
     * The first encoder layer that trains in {@code epoch}; the layers before it are frozen.
     *
     * @param epoch 1-based
     * @param unfreezeEvery the spec's {@code unfreezeEvery}, in epochs (at least 1)
     * @param layers the encoder's number of top-level layers ({@code layers} freezes them all)
     * @param lastStage the index where the encoder's last stage begins
     * @return an index in {@code [0, layers]}
     */
    int firstTrainable(int epoch, int unfreezeEvery, int layers, int lastStage);

    /**
     * Whether the head starts as a linear probe fitted to convergence on the frozen encoder's
     * features (logistic regression, L2 strength chosen on validation) instead of at random.
     */
    default boolean startsFromProbe() {
        return false;
    }

    /** Whether gradient training follows; false when the fitted probe is the model ({@code linear}). */
    default boolean trainsByGradient() {
        return true;
    }

    /** The default {@code unfreezeEvery} for a run of {@code epochs}, or null when the strategy does not read it. */
    default Integer defaultUnfreezeEvery(int epochs) {
        return null;
    }
}
