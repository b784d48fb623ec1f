/**
 * One loss class per method: NT-Xent (SimCLR), InfoNCE against a queue (MoCo) and BYOL's symmetric
 * cosine regression.
 */
package io.pretext.training.loss;
