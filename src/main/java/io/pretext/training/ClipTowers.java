package io.pretext.training;

import io.pretext.training.text.TransformerSettings;

/**
 * What a CLIP model's card adds to its image card: the text tower (its transformer, whose
 * tokenizer is the checkpoint's {@code tokenizer.json} and whose captions are cut to
 * {@code text.maxLength} tokens) and the width both towers project to. A CLIP model serves image
 * and text embeddings of {@code projection} floats, unit length, in one space. Immutable.
 *
 * @param text the text encoder's settings; never null
 * @param projection the shared embedding width, positive
 * @param imageFeatures the width of the image encoder's output, before the projection (what the
 *     image encoder alone, e.g. an exported backbone, gives)
 */
public record ClipTowers(TransformerSettings text, int projection, int imageFeatures) {
}
