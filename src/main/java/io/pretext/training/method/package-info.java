/**
 * Training objectives, each a composition of encoder, head(s), loss and view transform:
 * SimCLR, MoCo v2, BYOL, rotation prediction, masked language modelling and supervised
 * classification; momentum targets; the views an objective draws. Also the definitions the
 * registry ({@link io.pretext.training.TrainingMethods}) lists: one class per method
 * ({@link io.pretext.training.method.ImageMethod} or {@link io.pretext.training.method.TextMethod})
 * and per finetuning strategy.
 */
package io.pretext.training.method;
