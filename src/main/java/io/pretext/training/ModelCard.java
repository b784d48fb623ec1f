package io.pretext.training;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pretext.training.text.TransformerSettings;

/**
 * What a trained model takes and gives: the encoder architecture, the exact input (images: uint8
 * CHW at this size, scaled to [0, 1], then {@code (x - mean[c]) / std[c]} per channel; texts: the
 * checkpoint's {@code tokenizer.json}, cut or padded to {@code text.maxLength} ids), the class
 * names of its classification head and the embedding width. Checkpoints, the model registry and
 * exported backbones carry it whole, in one JSON form ({@link ModelCardJson}). Immutable.
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
 * @param text the transformer's settings for a text model (channels, height and width are then 0,
 *     mean and std empty); null for an image model
 */
public record ModelCard(String encoder, int channels, int height, int width, float[] mean, float[] std,
        List<String> classes, int embeddingSize, @JsonInclude(JsonInclude.Include.NON_NULL) TransformerSettings text) {

    /** An image model's card. */
    public ModelCard(String encoder, int channels, int height, int width, float[] mean, float[] std,
            List<String> classes, int embeddingSize) {
        this(encoder, channels, height, width, mean, std, classes, embeddingSize, null);
    }

    /** A text model's card. */
    public static ModelCard forText(String encoder, TransformerSettings text, List<String> classes) {
        return new ModelCard(encoder, 0, 0, 0, new float[0], new float[0], classes, text.width(), text);
    }

    /** Whether this model takes texts (else images). */
    public boolean readsText() {
        return text != null;
    }

    /** Whether this model can classify (has a head and class names). */
    public boolean classifies() {
        return classes != null && !classes.isEmpty();
    }

    /** Bytes of one input: an image as uint8 CHW, or a text's ids as int32 ({@code TokenRows}). */
    public int inputBytes() {
        return text != null ? text.maxLength() * 4 : channels * height * width;
    }
}
