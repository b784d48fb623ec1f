package io.pretext.training;

import java.util.List;

/**
 * What a trained model takes and gives, as written to a checkpoint's {@code meta.json} under
 * {@code "model"}: the encoder architecture, the exact input (uint8 CHW at this size, scaled to
 * [0, 1], then {@code (x - mean[c]) / std[c]} per channel), the class names of its classification
 * head and the embedding width. Immutable.
 *
 * @param encoder encoder name as in specs (e.g. {@code cnn-small}, {@code resnet20})
 * @param channels input channels (1 or 3)
 * @param height input height in pixels
 * @param width input width in pixels
 * @param mean per-channel mean subtracted after scaling to [0, 1]; length {@code channels}
 * @param std per-channel standard deviation divided by; length {@code channels}
 * @param classes class names in label order, or null when the checkpoint has no classification
 *     head (a pretraining checkpoint)
 * @param embeddingSize length of the encoder's output vector
 */
public record ModelCard(String encoder, int channels, int height, int width, float[] mean, float[] std,
        List<String> classes, int embeddingSize) {

    /** Whether this model can classify (has a head and class names). */
    public boolean classifies() {
        return classes != null && !classes.isEmpty();
    }

    /** Bytes of one input image as uint8 CHW. */
    public int inputBytes() {
        return channels * height * width;
    }
}
