package io.pretext.inference;

/** What a request asks a model for. */
enum Operation {
    /** Encoder outputs. */
    EMBEDDINGS,
    /** Class probabilities from the classification head. */
    CLASSIFICATIONS
}
