package io.pretext.model;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Which of an experiment's trained networks a model version serves (see the registry's selection
 * rule): the finetuned pretrained encoder, the scratch baseline when it validated better, or the
 * pretrained encoder alone (embeddings only) when the experiment has no finetune.
 */
@Schema(name = "CheckpointKind", description = "Which trained network answers: FINETUNE (the pretrained encoder "
        + "finetuned on the labels), SCRATCH (the same network trained from scratch on the labels, chosen because it "
        + "validated better), PRETRAIN (the pretrained encoder alone; embeddings only)")
public enum CheckpointKind {
    FINETUNE, SCRATCH, PRETRAIN
}
