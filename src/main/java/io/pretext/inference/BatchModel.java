package io.pretext.inference;

/**
 * A loaded model as the batching worker drives it. Not thread-safe: only its worker thread calls
 * {@link #run}, and {@link #close} after the last run.
 */
interface BatchModel extends AutoCloseable {

    /**
     * One forward pass over {@code count} inputs: images as consecutive uint8 CHW blocks at the
     * model's input size, or texts as {@link #encodeTexts} gives them.
     *
     * @return one row per image: an embedding, or class probabilities
     */
    float[][] run(Operation operation, byte[] pixels, int count);

    /**
     * A text model's input for {@code texts}, in the form {@link #run} takes. Thread-safe, unlike
     * {@code run}: request threads call it.
     *
     * @throws IllegalStateException if the model reads images
     */
    byte[] encodeTexts(java.util.List<String> texts);

    /**
     * A CLIP model's logit scale (zero-shot probabilities are the softmax of it times the cosine
     * similarities). Thread-safe.
     *
     * @throws IllegalStateException if this is not a CLIP model
     */
    default float logitScale() {
        throw new IllegalStateException("not a CLIP model");
    }

    /** Bytes of memory the model holds (its parameters), for the cache's budget. */
    long bytes();

    @Override
    void close();
}
