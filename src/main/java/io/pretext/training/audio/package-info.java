/**
 * Audio: the log-mel front end that turns batches of clips into spectrograms on the training
 * device, its settings as model cards record them, and the batched waveform and spectrogram
 * augmentations of audio views.
 */
package io.pretext.training.audio;
