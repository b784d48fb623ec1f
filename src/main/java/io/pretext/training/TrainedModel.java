package io.pretext.training;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.pretext.storage.ArtifactStore;
import io.pretext.training.audio.LogMelFrontEnd;
import io.pretext.training.checkpoint.Checkpoints;
import io.pretext.training.clip.ClipModel;
import io.pretext.training.clip.ClipModels;
import io.pretext.training.data.AudioData;
import io.pretext.training.data.ImageBatches;
import io.pretext.training.data.Normalization;
import io.pretext.training.encoder.Encoders;
import io.pretext.training.loop.GradMode;
import io.pretext.training.ops.Forward;
import io.pretext.training.text.TextEncoders;
import io.pretext.training.text.TokenRows;
import io.pretext.training.text.Tokenizer;
import tools.jackson.databind.json.JsonMapper;

/**
 * A checkpoint loaded for inference: the encoder (and classification head, if the checkpoint has
 * one; and a text model's tokenizer; a CLIP model's both towers, whose embeddings are those of the
 * shared space) with frozen parameters, run in inference mode so that no autograd graph is recorded and
 * BatchNorm uses its running statistics. Holds native memory until {@link #close()}. Not
 * thread-safe: one caller at a time (inference batches requests on one thread per model).
 */
public final class TrainedModel implements AutoCloseable {

    private final NDManager manager;
    private final ModelCard card;
    private final Block encoder;
    private final Block head;
    private final Tokenizer tokenizer;
    private final LogMelFrontEnd frontEnd;
    private final ClipServing clip;

    private TrainedModel(NDManager manager, ModelCard card, Block encoder, Block head, Tokenizer tokenizer,
            ClipServing clip) {
        this.manager = manager;
        this.clip = clip;
        this.card = card;
        this.encoder = encoder;
        this.head = head;
        this.tokenizer = tokenizer;
        this.frontEnd = card.readsAudio() ? new LogMelFrontEnd(card.audio()) : null;
    }

    /**
     * Loads the checkpoint under {@code prefix} (ending in {@code /}): its {@code meta.json}, then
     * the encoder, the head when it classifies, and a text model's tokenizer.
     *
     * @throws IOException if the checkpoint is missing, unreadable, or does not fit its own card
     */
    public static TrainedModel load(ArtifactStore store, String prefix, JsonMapper json) throws IOException {
        ModelCard card;
        try (InputStream in = store.get(prefix + ArtifactLayout.META)) {
            card = ModelCardJson.ofMeta(json.readTree(in));
        }
        Tokenizer tokenizer = null;
        if (card.readsText() || card.clipModel()) {
            try (InputStream in = store.get(prefix + ArtifactLayout.TOKENIZER)) {
                tokenizer = Tokenizer.fromBytes(in.readAllBytes());
            }
        }
        NDManager manager = NDManager.newBaseManager();
        try {
            if (card.clipModel()) {
                ClipModel clip = ClipModels.load(store, prefix, card, tokenizer, manager);
                return new TrainedModel(manager, card, clip.trainable(), null, tokenizer, new ClipServing(clip, card));
            }
            Block encoder = card.readsText() ? TextEncoders.encoder(card.text()) : Encoders.encoder(card.encoder(), card);
            Shape input = card.readsText() ? new Shape(1, card.text().maxLength())
                    : new Shape(1, card.channels(), card.height(), card.width());
            encoder.initialize(manager, DataType.FLOAT32, input);
            Checkpoints.load(store, prefix + ArtifactLayout.ENCODER, encoder, manager);
            Block head = null;
            if (card.classifies()) {
                head = Encoders.linearHead(card.classes().size());
                head.initialize(manager, DataType.FLOAT32, encoder.getOutputShapes(new Shape[] {input}));
                Checkpoints.load(store, prefix + ArtifactLayout.HEAD, head, manager);
            }
            encoder.freezeParameters(true);
            if (head != null) {
                head.freezeParameters(true);
            }
            return new TrainedModel(manager, card, encoder, head, tokenizer, null);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    public ModelCard card() {
        return card;
    }

    /**
     * A text model's input for {@code texts}: each tokenised, cut or padded to the card's length,
     * as {@link ModelCard#inputBytes()} bytes per text (for a CLIP model: to its text tower's
     * length, the input of {@link #textEmbeddings(byte[], int)}). Thread-safe (the tokenizer is immutable).
     *
     * @throws IllegalStateException if this model reads images
     */
    public byte[] encodeTexts(List<String> texts) {
        if (clip != null) {
            return clip.encodeTexts(texts);
        }
        if (tokenizer == null) {
            throw new IllegalStateException("this model reads images, not text");
        }
        return TokenRows.bytes(tokenizer, texts, card.text().maxLength());
    }

    /**
     * Encoder outputs for {@code count} inputs of {@link ModelCard#inputBytes()} bytes each: images
     * as uint8 CHW blocks at the card's size, clips as int16 LE samples at the card's rate and
     * length, or texts as {@link #encodeTexts} gives them.
     *
     * @return one vector of {@link ModelCard#embeddingSize()} floats per input
     */
    public float[][] embeddings(byte[] pixels, int count) {
        try (NDManager step = manager.newSubManager()) {
            return rows(clip != null ? clip.images(step, pixels, count) : features(step, pixels, count), count);
        }
    }

    /**
     * A CLIP model's unit-length text embeddings, in the space of its image {@link #embeddings}, of
     * {@code count} texts as {@link #encodeTexts} gives them (cut to the text tower's length).
     *
     * @throws IllegalStateException if this is not a CLIP model
     */
    public float[][] textEmbeddings(byte[] ids, int count) {
        requireClip();
        try (NDManager step = manager.newSubManager()) {
            return rows(clip.texts(step, ids, count), count);
        }
    }

    /**
     * A CLIP model's learnt logit scale (1 / temperature): zero-shot probabilities are the softmax of
     * it times the cosine similarities. Thread-safe.
     *
     * @throws IllegalStateException if this is not a CLIP model
     */
    public float logitScale() {
        requireClip();
        return clip.logitScale();
    }

    /**
     * A CLIP model's zero-shot class probabilities for {@code count} images (as for
     * {@link #embeddings}): the softmax over {@code labels} of the learnt logit scale times the
     * cosine similarity to each label's prompts (the templates with {@code {}} replaced by the
     * label, their embeddings averaged).
     *
     * @throws IllegalStateException if this is not a CLIP model
     */
    public float[][] zeroShot(byte[] pixels, int count, List<String> labels, List<String> templates) {
        requireClip();
        try (NDManager step = manager.newSubManager()) {
            return rows(clip.zeroShot(step, pixels, count, labels, templates), count);
        }
    }

    /**
     * Class probabilities (softmax of the head's logits) for {@code count} inputs (as for
     * {@link #embeddings}), in the card's class order.
     *
     * @throws IllegalStateException if the model has no classification head
     */
    public float[][] probabilities(byte[] pixels, int count) {
        if (head == null) {
            throw new IllegalStateException("this model has no classification head");
        }
        try (NDManager step = manager.newSubManager()) {
            NDArray logits = Forward.inference(head, step, features(step, pixels, count));
            return rows(logits.softmax(1), count);
        }
    }

    /** Bytes held by the parameters (for a memory budget). */
    public long parameterBytes() {
        long bytes = 0;
        List<Block> blocks = new ArrayList<>(List.of(encoder));
        if (head != null) {
            blocks.add(head);
        }
        for (Block block : blocks) {
            for (Pair<String, Parameter> p : block.getParameters()) {
                bytes += p.getValue().getArray().size() * 4L;
            }
        }
        return bytes;
    }

    private NDArray features(NDManager step, byte[] pixels, int count) {
        GradMode.off(); // inference threads start with PyTorch's grad mode on

        if (count < 1 || pixels.length != (long) count * card.inputBytes()) {
            throw new IllegalArgumentException("expected " + count + " inputs of " + card.inputBytes() + " bytes");
        }
        NDArray inputs;
        if (card.readsText()) {
            inputs = step.create(TokenRows.ids(pixels), new Shape(count, card.text().maxLength()));
        } else {
            NDArray images = frontEnd != null
                    ? frontEnd.apply(step, AudioData.fromPcm16(step, pixels, count, card.audio().clipSamples()))
                    : ImageBatches.fromUint8(step, pixels, new Shape(count, card.channels(), card.height(), card.width()));
            inputs = Normalization.apply(images, card.mean(), card.std());
        }
        return Forward.inference(encoder, step, inputs);
    }

    private void requireClip() {
        if (clip == null) {
            throw new IllegalStateException("this model has no text tower (it is not a CLIP model)");
        }
    }

    private static float[][] rows(NDArray matrix, int count) {
        float[] flat = matrix.toFloatArray();
        int width = flat.length / count;
        float[][] out = new float[count][];
        for (int i = 0; i < count; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * width, (i + 1) * width);
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
    }
}
