/**
 * Batched image augmentations written from NDArray ops (DJL's own do nothing or throw on
 * PyTorch): resized crops, flips and blur as resampling matrices, colour jitter, grayscale; the
 * strong, weak and none presets.
 */
package io.pretext.training.augment;
