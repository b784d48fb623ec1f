package io.pretext.training.job;

import io.pretext.dataset.DatasetSplit;
import io.pretext.dataset.DatasetSplitter;
import io.pretext.dataset.SplitSpec;
import io.pretext.training.FinetuneSettings;

/**
 * The train/validation split of a finetune section's labeled dataset: the one every supervised arm
 * and baseline of an experiment must share, so that they see the same labels. Stateless.
 */
final class LabeledSplits {

    private LabeledSplits() {
    }

    /** The split of {@code spec} under {@code seed}: what every supervised job and the pixels floor use. */
    static DatasetSplit of(FinetuneSettings spec, long seed, int[] labels, int classes) {
        return DatasetSplitter.split(labels, classes, new SplitSpec(
                spec.labelsPerClass() != null ? null : spec.labelFraction(), spec.labelsPerClass(),
                spec.validationFraction(), seed));
    }
}
