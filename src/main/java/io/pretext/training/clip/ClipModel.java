package io.pretext.training.clip;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.data.Batch;
import io.pretext.training.data.Stream;
import io.pretext.training.loss.ClipLoss;
import io.pretext.training.method.Objective;
import io.pretext.training.method.Views;
import io.pretext.training.text.TokenRows;
import io.pretext.training.text.Tokenizer;

/**
 * CLIP (Radford et al. 2021) as an {@link Objective}: an image tower and a text tower, each an
 * encoder with a linear projection to a shared width and L2-normalised, and a learnt logit scale;
 * the loss is {@link ClipLoss}'s symmetric InfoNCE over the batch's image–caption pairs. The text
 * tower owns its tokenizer and caption length, so the model embeds raw captions as well as token
 * ids. Either encoder can be locked (LiT). Its checkpoint blocks are the
 * image encoder ({@link ArtifactLayout#ENCODER_BLOCK}), {@code imageProjection},
 * {@code textEncoder}, {@code textProjection} and {@code logitScale}; the tokenizer is one of its
 * {@link #files()}. Not thread-safe.
 */
public final class ClipModel implements Objective {

    public static final String IMAGE_PROJECTION = "imageProjection";
    public static final String TEXT_ENCODER = "textEncoder";
    public static final String TEXT_PROJECTION = "textProjection";
    public static final String LOGIT_SCALE = "logitScale";

    private final Tower image;
    private final Tower text;
    private final LogitScale scale;
    private final SequentialBlock all;
    private final Views views;
    private final Tokenizer tokenizer;
    private final int maxLength;
    private final ClipMetrics metrics = new ClipMetrics();

    /**
     * @param imageEncoder from {@code Encoders.encoder}: {@code N x C x H x W} to {@code N x features}
     * @param textEncoder from {@code TextEncoders.encoder}, for {@code tokenizer}'s vocabulary and
     *     {@code maxLength} tokens
     * @param projection the shared embedding width
     * @param temperature the initial temperature (the logit scale starts at its inverse)
     * @param views the image augmentation and normalisation (view 0 in training, plain otherwise)
     */
    public ClipModel(Block imageEncoder, Block textEncoder, Tokenizer tokenizer, int maxLength, int projection,
            double temperature, Views views) {
        this.image = new Tower(imageEncoder, projection);
        this.text = new Tower(textEncoder, projection);
        this.scale = new LogitScale(temperature);
        // Holds every block for the optimizer; its own forward pass is never used.
        this.all = new SequentialBlock().add(imageEncoder).add(image.projection()).add(textEncoder)
                .add(text.projection()).add(scale);
        this.views = views;
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    /**
     * Locks the image encoder (LiT): no update, inference mode. Any time before training; weights
     * loaded afterwards (a starting checkpoint, a resumed one) keep it locked.
     */
    public void lockImageEncoder() {
        image.lock();
    }

    /** Locks the text encoder likewise: no update, no dropout. */
    public void lockTextEncoder() {
        text.lock();
    }

    /** The image encoder (what image finetuning and kNN reuse). */
    @Override
    public Block encoder() {
        return image.encoder();
    }

    public Block textEncoder() {
        return text.encoder();
    }

    @Override
    public Block trainable() {
        return all;
    }

    /** @param input the image batch shape, {@code N x C x H x W} with N at least 2 */
    @Override
    public void initialize(NDManager manager, Shape input) {
        image.initialize(manager, input);
        text.initialize(manager, new Shape(input.get(0), maxLength));
        scale.initialize(manager, DataType.FLOAT32, new Shape(1));
    }

    /**
     * Reads {@link Stream#UNLABELED} ({@code N x C x H x W} images in [0, 1]) and {@link Stream#TOKENS}
     * ({@code N x maxLength} int64 ids, row {@code i} a caption of image {@code i}); records the
     * batch's retrieval accuracy in {@link #metrics()}.
     */
    @Override
    public NDArray loss(NDManager step, Batch batch, Random random) {
        NDArray images = image.embed(step, views.view(0, step, batch.get(Stream.UNLABELED), random), true);
        NDArray captions = text.embed(step, batch.get(Stream.TOKENS), true);
        NDArray logits = ClipLoss.logits(images, captions, logitScale(step, images));
        metrics.record(ClipLoss.retrievalAccuracy(logits.stopGradient()));
        return ClipLoss.evaluate(logits);
    }

    @Override
    public void afterStep(double progress) {
        scale.clamp();
    }

    /** The listener that reports the in-batch retrieval accuracy of each epoch. */
    public ClipMetrics metrics() {
        return metrics;
    }

    @Override
    public Map<String, Block> checkpointBlocks() {
        Map<String, Block> blocks = new LinkedHashMap<>();
        blocks.put(ArtifactLayout.ENCODER_BLOCK, image.encoder());
        blocks.put(IMAGE_PROJECTION, image.projection());
        blocks.put(TEXT_ENCODER, text.encoder());
        blocks.put(TEXT_PROJECTION, text.projection());
        blocks.put(LOGIT_SCALE, scale);
        return blocks;
    }

    /** Files a checkpoint carries besides parameters: the tokenizer ({@link ArtifactLayout#TOKENIZER}). */
    public Map<String, byte[]> files() {
        return Map.of(ArtifactLayout.TOKENIZER, tokenizer.toBytes());
    }

    /** Unit-length embeddings of {@code N x C x H x W} images in [0, 1], unaugmented, in inference mode. */
    public NDArray imageEmbeddings(NDManager manager, NDArray images) {
        return image.embed(manager, views.plain(manager, images), false);
    }

    /** Unit-length embeddings of captions, in inference mode (texts longer than the caption length are cut). */
    public NDArray textEmbeddings(NDManager manager, List<String> texts) {
        long[] ids = new long[texts.size() * maxLength];
        for (int i = 0; i < texts.size(); i++) {
            int[] row = TokenRows.row(tokenizer, texts.get(i), maxLength);
            for (int j = 0; j < maxLength; j++) {
                ids[i * maxLength + j] = row[j];
            }
        }
        return text.embed(manager, manager.create(ids, new Shape(texts.size(), maxLength)), false);
    }

    /** Unit-length embeddings of token rows ({@code N x maxLength} int64 ids), in inference mode. */
    public NDArray textEmbeddings(NDManager manager, NDArray ids) {
        return text.embed(manager, ids, false);
    }

    /** The current logit scale (1 / temperature), in [1, 100]. */
    public float logitScale() {
        return scale.scale();
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** Tokens per caption, the leading {@code [CLS]} included. */
    public int maxLength() {
        return maxLength;
    }

    private NDArray logitScale(NDManager step, NDArray like) {
        return scale.forward(new ParameterStore(step, false), new NDList(like), true).singletonOrThrow();
    }
}
