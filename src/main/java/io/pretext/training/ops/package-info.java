/**
 * Small operations the rest of training shares: forward passes in training or inference mode, L2
 * normalisation, argMax, and multiplying by a constant so that the backward pass can rely on it
 * ({@link io.pretext.training.ops.Scalars}).
 */
package io.pretext.training.ops;
