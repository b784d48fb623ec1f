/**
 * Checkpoints: how the files {@link io.pretext.training.ArtifactLayout} names are written (a failed
 * write fails the attempt) and read, and the model card that says what a trained model takes and
 * gives.
 */
package io.pretext.training.checkpoint;
