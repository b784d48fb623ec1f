/**
 * The training loop: epochs of scoped minibatch steps under a gradient collector, our own
 * optimizers (SGD, Adam, AdamW) with state that checkpoints carry, learning-rate schedules of the
 * global step, and PyTorch's per-thread gradient mode.
 */
package io.pretext.training.loop;
