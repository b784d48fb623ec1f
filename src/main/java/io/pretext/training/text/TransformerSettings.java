package io.pretext.training.text;

/**
 * The shape of a text encoder, as specs name it and checkpoints record it: a pre-LayerNorm
 * transformer over at most {@code maxLength} token ids of a {@code vocabSize} vocabulary, with
 * learned positions, {@code layers} blocks of {@code heads}-head self-attention and a
 * {@code feedForward}-wide GELU MLP, and a pooled output of {@code width} floats. Immutable.
 *
 * @param vocabSize tokens in the vocabulary, special tokens included
 * @param maxLength tokens per text, the leading {@code [CLS]} included; longer texts are truncated
 * @param width hidden size (embedding width); divisible by {@code heads}
 * @param layers transformer blocks
 * @param heads attention heads per block
 * @param feedForward hidden units of each block's MLP
 * @param pooling {@code mean} (average over the real tokens) or {@code cls} (the {@code [CLS]}
 *     token's final state)
 */
public record TransformerSettings(int vocabSize, int maxLength, int width, int layers, int heads, int feedForward,
        String pooling) {

    /** Encoder names specs may use for text. */
    public static final String MINI = "transformer-mini";

    public TransformerSettings {
        if (width % heads != 0) {
            throw new IllegalArgumentException("width " + width + " is not divisible by " + heads + " heads");
        }
        if (!"mean".equals(pooling) && !"cls".equals(pooling)) {
            throw new IllegalArgumentException("pooling must be mean or cls, not " + pooling);
        }
    }

    /**
     * The named preset for a vocabulary and length: {@code transformer-mini} is 4 blocks of width
     * 128 with 4 heads and a 512-unit MLP (about 0.8 M parameters besides the embeddings), small
     * enough to pretrain on a CPU.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static TransformerSettings preset(String name, int vocabSize, int maxLength, String pooling) {
        if (!MINI.equals(name)) {
            throw new IllegalArgumentException("unknown text encoder " + name);
        }
        return new TransformerSettings(vocabSize, maxLength, 128, 4, 4, 512, pooling);
    }

    /**
     * The named preset with the given shape fields replacing the preset's (null keeps it).
     *
     * @throws IllegalArgumentException for an unknown name or a width not divisible by the heads
     */
    public static TransformerSettings of(String name, int vocabSize, int maxLength, String pooling, Integer layers,
            Integer width, Integer heads, Integer feedForward) {
        TransformerSettings preset = preset(name, vocabSize, maxLength, pooling);
        return new TransformerSettings(vocabSize, maxLength, width == null ? preset.width : width,
                layers == null ? preset.layers : layers, heads == null ? preset.heads : heads,
                feedForward == null ? preset.feedForward : feedForward, pooling);
    }

    /** The same encoder with another pooling (pooling has no parameters). */
    public TransformerSettings withPooling(String newPooling) {
        return new TransformerSettings(vocabSize, maxLength, width, layers, heads, feedForward, newPooling);
    }
}
