/**
 * Contrastive losses: NT-Xent (SimCLR) and InfoNCE against a queue (MoCo).
 */
package io.pretext.training.loss;
