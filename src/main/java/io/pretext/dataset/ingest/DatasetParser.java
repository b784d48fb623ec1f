package io.pretext.dataset.ingest;

import java.io.IOException;

/**
 * Reads one upload format and feeds its samples to a {@link SampleSink}. Throws
 * {@link InvalidDatasetException} naming the entry at fault for any bad content; never leaves
 * resources open. Implementations are stateless and thread-safe.
 */
public interface DatasetParser {

    void parse(Upload upload, SampleSink sink) throws IOException;
}
