package io.pretext.training;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.pretext.training.audio.LogMelSettings;
import io.pretext.training.text.TransformerSettings;

/**
 * What a trained model takes and gives: the encoder architecture, the exact input (images: uint8
 * CHW at this size, scaled to [0, 1], then {@code (x - mean[c]) / std[c]} per channel; texts: the
 * checkpoint's {@code tokenizer.json}, cut or padded to {@code text.maxLength} ids; audio: mono
 * int16 clips of {@code audio.clipSamples} at {@code audio.sampleRate}, scaled to [-1, 1], turned
 * into a {@code 1 x mels x frames} log-mel image by the {@code audio} settings, then standardised
 * like a one-channel image), the class
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
 *     mean and std empty); null for an image or audio model
 * @param audio an audio model's front end (channels is then 1, height the mel bands and width the
 *     frames); null for an image or text model
 * @param clip a CLIP model's text tower and projection (the card otherwise an image model's); null
 *     for every other model
 */
public record ModelCard(String encoder, int channels, int height, int width, float[] mean, float[] std,
        List<String> classes, int embeddingSize, @JsonInclude(JsonInclude.Include.NON_NULL) TransformerSettings text,
        @JsonInclude(JsonInclude.Include.NON_NULL) LogMelSettings audio,
        @JsonInclude(JsonInclude.Include.NON_NULL) ClipTowers clip) {

    /** An image, text or audio model's card (not a CLIP model's). */
    public ModelCard(String encoder, int channels, int height, int width, float[] mean, float[] std,
            List<String> classes, int embeddingSize, TransformerSettings text, LogMelSettings audio) {
        this(encoder, channels, height, width, mean, std, classes, embeddingSize, text, audio, null);
    }

    /**
     * A CLIP model's card: the image card of its image tower (encoder, input, normalisation) with its
     * text tower and projection; its {@code embeddingSize} is the projection width, since the model
     * serves embeddings in the shared image–text space.
     */
    public static ModelCard forClip(ModelCard image, TransformerSettings text, int projection) {
        return new ModelCard(image.encoder(), image.channels(), image.height(), image.width(), image.mean(),
                image.std(), null, projection, null, null, new ClipTowers(text, projection, image.embeddingSize()));
    }

    /** A CLIP model's image encoder alone as an image model's card (its features, no projection); else this card. */
    public ModelCard imageEncoderCard() {
        return clip == null ? this : new ModelCard(encoder, channels, height, width, mean, std, null,
                clip.imageFeatures());
    }

    /** Whether this is a CLIP model (images in, with a text tower embedding texts into the same space). */
    public boolean clipModel() {
        return clip != null;
    }

    /** An image model's card. */
    public ModelCard(String encoder, int channels, int height, int width, float[] mean, float[] std,
            List<String> classes, int embeddingSize) {
        this(encoder, channels, height, width, mean, std, classes, embeddingSize, null, null);
    }

    /** An image or text model's card. */
    public ModelCard(String encoder, int channels, int height, int width, float[] mean, float[] std,
            List<String> classes, int embeddingSize, TransformerSettings text) {
        this(encoder, channels, height, width, mean, std, classes, embeddingSize, text, null);
    }

    /** An audio model's card: one-channel log-mel images standardised by {@code mean} and {@code std}. */
    public static ModelCard forAudio(String encoder, LogMelSettings audio, float mean, float std, List<String> classes,
            int embeddingSize) {
        return new ModelCard(encoder, 1, audio.mels(), audio.frames(), new float[] {mean}, new float[] {std}, classes,
                embeddingSize, null, audio);
    }

    /** What the model reads. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public io.pretext.dataset.Modality modality() {
        return text != null ? io.pretext.dataset.Modality.TEXT
                : audio != null ? io.pretext.dataset.Modality.AUDIO : io.pretext.dataset.Modality.IMAGE;
    }

    /** Whether this model takes audio clips. */
    public boolean readsAudio() {
        return audio != null;
    }

    /** A text model's card. */
    public static ModelCard forText(String encoder, TransformerSettings text, List<String> classes) {
        return new ModelCard(encoder, 0, 0, 0, new float[0], new float[0], classes, text.width(), text);
    }

    /** Whether this model takes texts (else images or audio). */
    public boolean readsText() {
        return text != null;
    }

    /** Whether this model can classify (has a head and class names). */
    public boolean classifies() {
        return classes != null && !classes.isEmpty();
    }

    /** Bytes of one input: an image as uint8 CHW, a text's ids as int32 ({@code TokenRows}), a clip as int16 LE. */
    public int inputBytes() {
        return text != null ? text.maxLength() * 4 : audio != null ? audio.clipSamples() * 2 : channels * height * width;
    }
}
