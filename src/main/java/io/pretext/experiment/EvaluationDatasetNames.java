package io.pretext.experiment;

import java.util.UUID;

import io.pretext.dataset.DatasetCatalog;
import org.springframework.stereotype.Component;

/**
 * Dataset names for what evaluations report under dataset ids: names in results, and names accepted
 * where a metric is qualified by its dataset ({@code accuracy/fmnist-test}). Current tenant only.
 * Thread-safe.
 */
@Component
class EvaluationDatasetNames {

    private final DatasetCatalog datasets;

    EvaluationDatasetNames(DatasetCatalog datasets) {
        this.datasets = datasets;
    }

    /** The tenant's dataset's name, or null when it no longer exists. */
    String nameOf(UUID tenantId, String datasetId) {
        try {
            return datasets.name(tenantId, UUID.fromString(datasetId)).orElse(null);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }

    /**
     * A metric name with a dataset name after its slash turned into that dataset's id, when one of the
     * experiment's evaluation datasets has that name; anything else unchanged.
     */
    String qualify(UUID tenantId, String metric, ExperimentSpec spec) {
        int slash = metric == null ? -1 : metric.indexOf('/');
        if (slash < 0 || spec.evaluate() == null) {
            return metric;
        }
        String qualifier = metric.substring(slash + 1);
        for (String id : spec.evaluate().datasets()) {
            if (qualifier.equals(nameOf(tenantId, id))) {
                return metric.substring(0, slash + 1) + id;
            }
        }
        return metric;
    }
}
