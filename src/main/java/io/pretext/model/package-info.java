/**
 * The model registry: every finished experiment's best checkpoint becomes a version of the model
 * named like the experiment; aliases (e.g. {@code champion}) point at versions; the backbone can be
 * exported. {@link io.pretext.model.ModelRegistry} is the module's API.
 */
package io.pretext.model;
