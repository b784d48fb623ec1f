/**
 * Small operations the rest of training shares: forward passes in training or inference mode, L2
 * normalisation and argMax.
 */
package io.pretext.training.ops;
