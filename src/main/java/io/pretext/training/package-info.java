/**
 * Training, run in a child JVM per job. The module's API, used by the job, model and inference
 * modules: {@link io.pretext.training.ChildMain} (the child's entry point),
 * {@link io.pretext.training.TrainingRequest} and {@link io.pretext.training.ExitCodes} (what the
 * supervisor hands the child and how it ends), {@link io.pretext.training.JobPayload} and its section
 * records (what the experiment planner writes into each job and the child reads, typed on both sides), {@link io.pretext.training.ModelCard} and
 * {@link io.pretext.training.TrainedModel} (a checkpoint for serving),
 * {@link io.pretext.training.TrainingReports} (where reports live) and
 * {@link io.pretext.training.TrainingMethods} (the registry of {@link io.pretext.training.PretrainingMethod}s,
 * {@link io.pretext.training.FinetuneStrategy}s and encoder names the experiment module validates
 * specs against). Everything else is in
 * sub-packages, one concept each: {@code child} (the child's run and its protocol), {@code job}
 * (pretrain, supervised and evaluate jobs), {@code loop} (epochs, optimizers, schedules),
 * {@code data} (datasets in memory, batches, shuffles, normalisation), {@code eval} (kNN, confusion,
 * t-SNE), {@code checkpoint} (layout, model cards), {@code method} (objectives), {@code encoder},
 * {@code augment}, {@code loss} and {@code text}.
 */
package io.pretext.training;
