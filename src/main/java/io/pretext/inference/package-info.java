/**
 * Serving registered models over HTTP: embeddings and classifications of images (encoded, or raw
 * pixel tensors), WAV clips and texts, on the native routes and through the Open Inference Protocol (KServe
 * v2 REST), all through one service with dynamic batching per loaded model, admission control
 * sized from measured forward passes, a bounded queue, deadlines and an LRU cache of loaded
 * models. Depends on the registry ({@code model}) for what to load and on {@code training}'s
 * {@code TrainedModel} to run it; exposes nothing to other modules.
 */
package io.pretext.inference;
