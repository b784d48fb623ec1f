package io.pretext.training.method;

import java.util.Map;

import io.pretext.training.PretrainSettings;
import io.pretext.training.text.TextEncoders;
import io.pretext.training.text.TransformerSettings;

/**
 * {@code mlm}: masked language modelling on texts, 15% of the tokens masked (as BERT and RoBERTa);
 * by default a vocabulary of 8000 subwords, texts cut to 128 tokens and the
 * {@code transformer-mini} shape. Immutable.
 */
public final class MaskedLanguageModelMethod implements TextMethod {

    /** Masked tokens per text. */
    static final double MASK_RATE = 0.15;

    @Override
    public String name() {
        return "mlm";
    }

    @Override
    public Map<String, Object> defaults() {
        TransformerSettings mini = TransformerSettings.preset(TransformerSettings.MINI, 1, 1, "mean");
        return Map.of("vocabSize", 8000, "maxLength", 128, "transformer", Map.of("layers", mini.layers(),
                "width", mini.width(), "heads", mini.heads(), "feedForward", mini.feedForward()));
    }

    @Override
    public Objective objective(PretrainSettings spec, TransformerSettings settings) {
        return new MaskedLanguageModel(TextEncoders.encoder(settings), settings.width(), settings.vocabSize(),
                MASK_RATE);
    }
}
