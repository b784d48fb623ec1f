/**
 * Encoders by name ({@code cnn-small}, {@code resnet20}, {@code resnet32}, {@code resnet18}),
 * the heads built on them, and the staged view of an encoder that unfreezing works with.
 */
package io.pretext.training.encoder;
