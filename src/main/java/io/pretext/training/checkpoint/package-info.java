/**
 * Checkpoints: how the files {@link io.pretext.training.ArtifactLayout} names are written (a failed
 * write fails the attempt) and read, and the image model card built from a dataset and an encoder
 * ({@link io.pretext.training.ModelCard} itself is in the API package).
 */
package io.pretext.training.checkpoint;
