package io.pretext.training.data;

import java.util.Objects;

/**
 * The name of one stream of a training {@link Batch}: what an objective asks the batch for. The
 * constants are the streams today's methods and the planned ones (FixMatch, CLIP) read; a new kind
 * of input is a new constant, not a new batch class. Immutable.
 *
 * @param name a short identifier, unique within a batch
 */
public record Stream(String name) {

    /** Labeled inputs: images ({@code N x C x H x W} floats in [0, 1]) or token ids ({@code N x L} int64). */
    public static final Stream INPUTS = new Stream("inputs");

    /** The labels of {@link #INPUTS}: {@code N} class indices as floats (what softmax cross entropy takes). */
    public static final Stream LABELS = new Stream("labels");

    /** Unlabeled images, {@code M x C x H x W} floats in [0, 1] (pretext tasks, FixMatch's μB batch). */
    public static final Stream UNLABELED = new Stream("unlabeled");

    /** Token ids, {@code N x L} int64 (masked language modelling, a CLIP caption). */
    public static final Stream TOKENS = new Stream("tokens");

    public Stream {
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return name;
    }
}
