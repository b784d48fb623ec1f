package io.pretext.dataset;

import java.util.UUID;

/**
 * Implemented by modules that use datasets (experiments), so that deleting a dataset an unfinished
 * experiment needs is refused. Implementations must be thread-safe.
 */
public interface DatasetUsage {

    /** A short description of an unfinished user of the dataset (e.g. {@code experiment <id>}), or null. */
    String unfinishedUserOf(UUID datasetId);
}
