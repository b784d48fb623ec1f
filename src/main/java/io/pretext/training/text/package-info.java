/**
 * Text: a trainable BPE tokenizer (no model hub), token rows, dynamic masking for MLM and a
 * small pre-LayerNorm transformer encoder built from DJL blocks.
 */
package io.pretext.training.text;
