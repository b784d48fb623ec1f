package io.pretext.training;

/**
 * What a job does; an experiment's DAG is made of these. It lives in the training module's API
 * because the job module hands it to the training child ({@link TrainingRequest#kind()}) and the
 * child runs a different job for each; stored and sent as its name.
 */
public enum JobKind {
    /** Self-supervised pretraining of an encoder on unlabeled data. */
    PRETRAIN,
    /** Finetuning the pretrained encoder with few labels. */
    FINETUNE,
    /** The baseline: the same encoder trained from scratch on the same labels. */
    SCRATCH,
    /** Evaluation of a trained model on the spec's datasets. */
    EVALUATE,
    /**
     * The floor baseline: logistic regression on the finetune's labels from standardised raw pixels
     * (images) or TF-IDF n-grams (text), scored on the spec's evaluation datasets. Reports metrics
     * only; it writes no checkpoint and so never becomes a model.
     */
    PIXELS
}
