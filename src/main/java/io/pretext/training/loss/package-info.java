/**
 * One loss class per method: NT-Xent (SimCLR), InfoNCE against a queue (MoCo), BYOL's symmetric
 * cosine regression and VICReg's variance-invariance-covariance terms.
 */
package io.pretext.training.loss;
