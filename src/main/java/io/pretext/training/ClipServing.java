package io.pretext.training;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pretext.training.clip.ClipModel;
import io.pretext.training.clip.ZeroShot;
import io.pretext.training.data.ImageBatches;
import io.pretext.training.loop.GradMode;
import io.pretext.training.text.TokenRows;

/**
 * A loaded CLIP model's serving operations for {@link TrainedModel}: images and texts into the
 * shared space, and zero-shot probabilities. Its logit scale is read once (the parameters are
 * frozen), so {@link #logitScale()} and {@link #encodeTexts} are thread-safe; the rest is not.
 */
final class ClipServing {

    private final ClipModel model;
    private final ModelCard card;
    private final float logitScale;

    ClipServing(ClipModel model, ModelCard card) {
        this.model = model;
        this.card = card;
        this.logitScale = model.logitScale();
    }

    float logitScale() {
        return logitScale;
    }

    /** Texts as token rows of the text tower's length, int32 little-endian ({@code TokenRows}). */
    byte[] encodeTexts(List<String> texts) {
        return TokenRows.bytes(model.tokenizer(), texts, model.maxLength());
    }

    NDArray images(NDManager step, byte[] pixels, int count) {
        return model.imageEmbeddings(step, pixels(step, pixels, count));
    }

    /** @param ids {@code count} rows as {@link #encodeTexts} gives them */
    NDArray texts(NDManager step, byte[] ids, int count) {
        GradMode.off();
        if (count < 1 || ids.length != (long) count * model.maxLength() * 4) {
            throw new IllegalArgumentException("expected " + count + " token rows of " + model.maxLength() + " ids");
        }
        return model.textEmbeddings(step, step.create(TokenRows.ids(ids), new Shape(count, model.maxLength())));
    }

    NDArray zeroShot(NDManager step, byte[] pixels, int count, List<String> labels, List<String> templates) {
        NDArray classes = ZeroShot.classEmbeddings(model, step, labels, templates);
        return ZeroShot.probabilities(model, step, pixels(step, pixels, count), classes);
    }

    /** Images in [0, 1], unnormalised: the image tower normalises them. */
    private NDArray pixels(NDManager step, byte[] pixels, int count) {
        GradMode.off();
        if (count < 1 || pixels.length != (long) count * card.inputBytes()) {
            throw new IllegalArgumentException("expected " + count + " inputs of " + card.inputBytes() + " bytes");
        }
        return ImageBatches.fromUint8(step, pixels, new Shape(count, card.channels(), card.height(), card.width()));
    }
}
