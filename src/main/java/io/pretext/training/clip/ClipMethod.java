package io.pretext.training.clip;

import java.io.IOException;
import java.util.Map;

import ai.djl.ndarray.NDManager;
import io.pretext.dataset.Modality;
import io.pretext.storage.ArtifactStore;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.PretrainingMethod;
import io.pretext.training.checkpoint.Checkpoints;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.method.Views;
import io.pretext.training.text.TextEncoders;
import io.pretext.training.text.Tokenizer;
import io.pretext.training.text.TransformerSettings;

/**
 * {@code clip}: the method's definition as the registry will list it (name, defaults, default
 * augmentation and encoder) and the factory of its {@link ClipModel}. By default captions are cut
 * to 32 tokens of an 8000-subword tokenizer learnt from the captions, the text tower is
 * {@code transformer-mini} with mean pooling, both towers project to 128 floats, the temperature
 * starts at 0.07 and images get the weak augmentation (CLIP itself uses only random crops).
 * Registered in {@code TrainingMethods} for image datasets that come with captions (the spec
 * validation refuses it on any other). Immutable and thread-safe.
 */
public final class ClipMethod implements PretrainingMethod {

    public static final String NAME = "clip";
    static final int VOCAB_SIZE = 8000;
    static final int MAX_LENGTH = 32;

    /** The spec's {@code pretrain.method}. */
    @Override
    public String name() {
        return NAME;
    }

    /** Images; the captions come beside them in the same dataset. */
    @Override
    public Modality modality() {
        return Modality.IMAGE;
    }

    /** Defaults of the optional pretrain fields the method reads, by field name. */
    @Override
    public Map<String, Object> defaults() {
        TransformerSettings mini = TransformerSettings.preset(TransformerSettings.MINI, 1, 1, "mean");
        return Map.of("vocabSize", VOCAB_SIZE, "maxLength", MAX_LENGTH, "temperature", ClipSettings.TEMPERATURE,
                "projection", ClipSettings.PROJECTION, "promptTemplates", ClipSettings.PROMPT_TEMPLATES,
                "transformer", Map.of("layers", mini.layers(), "width", mini.width(), "heads", mini.heads(),
                        "feedForward", mini.feedForward()));
    }

    /** The image tower's encoder when the spec names none. */
    @Override
    public String defaultEncoder() {
        return Encoders.NAMES.get(0);
    }

    /** The image augmentation preset when the spec names none. */
    @Override
    public String defaultAugmentation() {
        return "weak";
    }

    /** The tokenizer learnt from the pairs' captions (deterministic), for a text tower that starts afresh. */
    public static Tokenizer tokenizer(ImageTextPairs pairs, int vocabSize) {
        return Tokenizer.train(pairs.texts(), vocabSize);
    }

    /**
     * A fresh, uninitialised model, its encoders locked as the settings freeze them (the lock holds
     * through initialisation and loading, so a resumed run keeps it).
     *
     * @param settings with defaults filled in; checked ({@link ClipSettings#validate}, fields under {@code pretrain})
     * @param imageEncoder an image encoder name ({@code Encoders.encoder})
     * @param height the images' height in pixels
     * @param views the image augmentation and the normalisation inference will apply too
     * @param tokenizer the text tower's tokenizer (learnt from the captions, or the one of the
     *     text encoder it starts from)
     * @param text the text tower's shape, its vocabulary the tokenizer's
     */
    public ClipModel objective(ClipSettings settings, String imageEncoder, int height, Views views,
            Tokenizer tokenizer, TransformerSettings text) {
        settings.validate("pretrain");
        if (text.vocabSize() != tokenizer.vocabSize()) {
            throw new IllegalArgumentException("the text tower's vocabulary (" + text.vocabSize()
                    + ") is not the tokenizer's (" + tokenizer.vocabSize() + ")");
        }
        ClipModel model = new ClipModel(Encoders.encoder(imageEncoder, height), TextEncoders.encoder(text),
                tokenizer, text.maxLength(), settings.projection(), settings.temperature(), views);
        if (settings.freezeImage()) {
            model.lockImageEncoder();
        }
        if (settings.freezeText()) {
            model.lockTextEncoder();
        }
        return model;
    }

    /**
     * Loads the encoders an initialised model starts from, when a run starts (not when it resumes:
     * the resumed checkpoint holds every block): the image encoder from {@code imageCheckpoint}'s
     * {@link ArtifactLayout#ENCODER} and the text encoder from {@code textCheckpoint}'s (each a
     * checkpoint prefix, or null to keep the random start). The caller resolves
     * {@code imageEncoderFrom} and {@code textEncoderFrom} to those prefixes and built the model with
     * the architectures, tokenizer, caption length and normalisation they were trained with.
     *
     * @throws IOException when a checkpoint cannot be read or does not fit its tower
     * @throws IllegalArgumentException when a tower the settings freeze has no checkpoint
     */
    public static void startTowers(ClipModel model, ClipSettings settings, ArtifactStore store,
            String imageCheckpoint, String textCheckpoint, NDManager manager) throws IOException {
        if (settings.freezeImage() && imageCheckpoint == null || settings.freezeText() && textCheckpoint == null) {
            throw new IllegalArgumentException("a frozen tower needs the checkpoint it starts from");
        }
        if (imageCheckpoint != null) {
            Checkpoints.load(store, imageCheckpoint + ArtifactLayout.ENCODER, model.encoder(), manager);
        }
        if (textCheckpoint != null) {
            Checkpoints.load(store, textCheckpoint + ArtifactLayout.ENCODER, model.textEncoder(), manager);
        }
    }
}
