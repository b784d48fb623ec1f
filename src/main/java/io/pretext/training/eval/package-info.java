/**
 * Measuring models: the kNN monitor of pretraining and its listener, the validation listener, the
 * confusion matrix behind accuracy and F1 scores, {@code LogisticProbe} (logistic regression on
 * frozen features or raw inputs, for the linear probe and the {@code pixels} floor) and the t-SNE of
 * embeddings drawn in reports.
 */
package io.pretext.training.eval;
