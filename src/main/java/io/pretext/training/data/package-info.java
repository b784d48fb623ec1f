/**
 * Training data in memory and how batches are drawn from it: datasets as image pixels or token
 * ids, batches of several named streams (labeled inputs and labels, unlabeled inputs, tokens),
 * batch sources built by jobs (one shuffled stream, plus streams sampled in their own seeded
 * order), shuffles and normalisation.
 */
package io.pretext.training.data;
