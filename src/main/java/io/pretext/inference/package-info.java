/**
 * Serving registered models over HTTP: embeddings and classifications, with dynamic batching per
 * loaded model, a bounded queue, deadlines and an LRU cache of loaded models. Depends on the
 * registry ({@code model}) for what to load and on {@code training}'s {@code TrainedModel} to run
 * it; exposes nothing to other modules.
 */
package io.pretext.inference;
