/**
 * The kinds of training job a child runs: self-supervised pretraining, supervised training
 * (finetuning a pretrained encoder, or the from-scratch baseline) and evaluation. Each composes
 * the data, an objective, the loop and what happens at the end of an epoch.
 */
package io.pretext.training.job;
