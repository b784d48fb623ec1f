/**
 * The training loop: epochs of scoped minibatch steps under a gradient collector, drawn from a
 * batch source; listeners for everything around the steps (metrics, divergence check, and the
 * jobs' evaluations and checkpoints); our own
 * optimizers (SGD, Adam, AdamW) with state that checkpoints carry, learning-rate schedules of the
 * global step, and PyTorch's per-thread gradient mode.
 */
package io.pretext.training.loop;
