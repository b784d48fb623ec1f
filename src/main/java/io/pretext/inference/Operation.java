package io.pretext.inference;

/** What a request asks a model for. */
enum Operation {
    /** Encoder outputs. */
    EMBEDDINGS,
    /** Class probabilities from the classification head. */
    CLASSIFICATIONS,
    /** A CLIP model's text embeddings (its text tower), in the space of its image embeddings. */
    TEXT_EMBEDDINGS
}
