package io.pretext.training.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import ai.djl.ndarray.NDArray;

/**
 * One training step's data: an array per {@link Stream} (labeled inputs and their labels,
 * unlabeled inputs, tokens, ...), each with its own number of rows. The arrays live in the step's
 * manager; {@link #close()} frees them at once. Immutable as a mapping; not thread-safe.
 */
public final class Batch implements AutoCloseable {

    private final Map<Stream, NDArray> streams;

    private Batch(Map<Stream, NDArray> streams) {
        this.streams = streams;
    }

    /** A batch of one stream. */
    public static Batch of(Stream stream, NDArray array) {
        return new Batch(Map.of()).with(stream, array);
    }

    /** This batch with {@code stream} added; the stream must not be present yet. */
    public Batch with(Stream stream, NDArray array) {
        if (streams.containsKey(stream)) {
            throw new IllegalArgumentException("the batch already holds stream " + stream);
        }
        Map<Stream, NDArray> more = new LinkedHashMap<>(streams);
        more.put(stream, array);
        return new Batch(Collections.unmodifiableMap(more));
    }

    /** The array of {@code stream}; throws when the batch does not carry it. */
    public NDArray get(Stream stream) {
        NDArray array = streams.get(stream);
        if (array == null) {
            throw new IllegalArgumentException("the batch has no stream " + stream + "; it holds "
                    + streams.keySet());
        }
        return array;
    }

    /** The array of {@code stream}, or null when the batch does not carry it. */
    public NDArray find(Stream stream) {
        return streams.get(stream);
    }

    public Set<Stream> streams() {
        return streams.keySet();
    }

    @Override
    public void close() {
        streams.values().forEach(NDArray::close);
    }
}
