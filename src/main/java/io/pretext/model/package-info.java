/**
 * The model registry: every finished experiment's best checkpoint becomes a version of the model
 * named like the experiment, registered in the transaction that finishes its last job (listening
 * to the job module's {@link io.pretext.job.JobFinished}; a sweep is the safety net); aliases (e.g. {@code champion}) point at versions; the backbone can be
 * exported. {@link io.pretext.model.ModelRegistry} is the module's API.
 */
package io.pretext.model;
