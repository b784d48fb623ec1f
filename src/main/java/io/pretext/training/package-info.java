/**
 * Training, run in a child JVM per job. The module's API, used by the job, experiment, model and
 * inference modules: {@link io.pretext.training.ChildMain} (the child's entry point); the protocol
 * between supervisor and child: {@link io.pretext.training.TrainingRequest} with its
 * {@link io.pretext.training.JobKind} (what the supervisor hands the child),
 * {@link io.pretext.training.ChildEvent} and {@link io.pretext.training.ChildEventCodec} (what the
 * child reports) and {@link io.pretext.training.ExitCodes} (how it ends);
 * {@link io.pretext.training.JobPayload} and its section records (what the experiment planner
 * writes into each job and the child reads, typed on both sides);
 * {@link io.pretext.training.ArtifactLayout} (where checkpoints and reports live);
 * {@link io.pretext.training.ModelCard} and {@link io.pretext.training.TrainedModel} (a checkpoint
 * for serving); {@link io.pretext.training.TrainingMethods} (the registry of
 * {@link io.pretext.training.PretrainingMethod}s, {@link io.pretext.training.FinetuneStrategy}s and
 * encoder names that spec validation, defaults, the planner and the child read). Everything else
 * is in sub-packages, one concept each: {@code child} (the child's run and its channels),
 * {@code job} (pretrain, supervised and evaluate jobs), {@code loop} (epochs, listeners,
 * optimizers, schedules), {@code data} (datasets in memory, batches of several streams, shuffles,
 * normalisation), {@code eval} (kNN, validation, confusion, probes, t-SNE), {@code checkpoint}
 * (writing and reading checkpoints, model cards), {@code method} (objectives and their
 * definitions), {@code clip} (image–text contrastive pretraining and zero-shot classification), {@code encoder}, {@code augment}, {@code loss}, {@code text} and {@code ops}.
 */
package io.pretext.training;
