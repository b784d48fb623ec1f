/**
 * Training objectives, each a composition of encoder, head(s), loss and view transform:
 * SimCLR, MoCo v2, BYOL, rotation prediction, masked language modelling and supervised
 * classification; momentum targets; the views an objective draws.
 */
package io.pretext.training.method;
