/**
 * Image–text contrastive pretraining (CLIP, Radford et al. 2021): an image tower and a text tower,
 * each an encoder with a linear projection to a shared width, trained with symmetric InfoNCE and a
 * learnt logit scale; the pairs it trains on ({@link io.pretext.training.clip.ImageTextPairs}), the
 * batches of one random caption per image, its metrics (in-batch retrieval, zero-shot accuracy) and
 * the method definition. Either tower can start from earlier weights and be locked (LiT).
 */
package io.pretext.training.clip;
