package io.pretext.inference;

/**
 * A loaded model as the batching worker drives it. Not thread-safe: only its worker thread calls
 * {@link #run}, and {@link #close} after the last run.
 */
interface BatchModel extends AutoCloseable {

    /**
     * One forward pass over {@code count} images, given as consecutive uint8 CHW blocks at the
     * model's input size.
     *
     * @return one row per image: an embedding, or class probabilities
     */
    float[][] run(Operation operation, byte[] pixels, int count);

    /** Bytes of memory the model holds (its parameters), for the cache's budget. */
    long bytes();

    @Override
    void close();
}
