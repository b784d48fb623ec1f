package io.pretext.dataset;

import java.util.UUID;

/** Where a dataset's objects live in the artifact store. */
final class DatasetKeys {

    private DatasetKeys() {
    }

    static String prefix(UUID datasetId) {
        return "datasets/" + datasetId + "/";
    }

    static String manifest(UUID datasetId) {
        return prefix(datasetId) + "manifest.json";
    }
}
