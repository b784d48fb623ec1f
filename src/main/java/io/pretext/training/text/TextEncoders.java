package io.pretext.training.text;

import ai.djl.nn.SequentialBlock;

/**
 * Builds text encoders: token and position embedding, the transformer blocks, a final LayerNorm
 * and pooling, as the top-level layers of one {@link SequentialBlock} (so finetuning can freeze
 * leading layers, and MLM can stop before the pooling). Stateless.
 */
public final class TextEncoders {

    /** Dropout on embeddings, attention weights and block outputs, as BERT. */
    static final float DROPOUT = 0.1f;

    private TextEncoders() {
    }

    /** A fresh, uninitialised encoder from {@code N x L} int64 token ids to {@code N x width}. */
    public static SequentialBlock encoder(TransformerSettings settings) {
        SequentialBlock encoder = new SequentialBlock();
        encoder.add(new TokenEmbedding(settings.vocabSize(), settings.maxLength(), settings.width(), DROPOUT));
        for (int i = 0; i < settings.layers(); i++) {
            encoder.add(new TransformerLayer(settings.width(), settings.heads(), settings.feedForward(), DROPOUT));
        }
        return encoder.add(new FinalNorm(settings.width())).add(new Pooling(settings.pooling()));
    }
}
