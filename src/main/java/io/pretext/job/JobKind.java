package io.pretext.job;

/** What a job does; an experiment's DAG is made of these. */
public enum JobKind {
    /** Self-supervised pretraining of an encoder on unlabeled data. */
    PRETRAIN,
    /** Finetuning the pretrained encoder with few labels. */
    FINETUNE,
    /** The baseline: the same encoder trained from scratch on the same labels. */
    SCRATCH,
    /** Evaluation of a trained model on the spec's datasets. */
    EVALUATE
}
