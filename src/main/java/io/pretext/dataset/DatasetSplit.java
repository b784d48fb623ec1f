package io.pretext.dataset;

/**
 * The sample indices of a split, each array sorted ascending; train and validation are disjoint.
 * The arrays are shared, not copied: do not modify them.
 */
public record DatasetSplit(int[] train, int[] validation) {
}
