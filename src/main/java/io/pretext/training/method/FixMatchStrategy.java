package io.pretext.training.method;

import io.pretext.training.FinetuneStrategy;

/**
 * {@code fixmatch}: semi-supervised finetuning ({@link FixMatch}); every encoder layer trains from
 * the first step, and the job is {@code FixMatchJob} rather than the supervised one. Immutable.
 */
public final class FixMatchStrategy implements FinetuneStrategy {

    public static final String NAME = "fixmatch";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int firstTrainable(int epoch, int unfreezeEvery, int layers, int lastStage) {
        return 0;
    }
}
