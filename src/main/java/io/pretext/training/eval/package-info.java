/**
 * Measuring models: the kNN monitor of pretraining, validation accuracy, the confusion matrix
 * behind accuracy and F1 scores, and the t-SNE of embeddings drawn in reports.
 */
package io.pretext.training.eval;
