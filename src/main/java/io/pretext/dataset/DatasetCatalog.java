package io.pretext.dataset;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import io.pretext.dataset.ingest.CanonicalDataset;
import io.pretext.security.CurrentTenant;
import io.pretext.storage.ArtifactStore;
import io.pretext.web.ConflictException;
import io.pretext.web.InvalidRequestException;
import io.pretext.web.NotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The calling tenant's datasets: look up, list, split, read back, delete. Every method works on
 * the current tenant's rows only; another tenant's id is "not found". Thread-safe.
 */
@Service
public class DatasetCatalog {

    private static final Logger log = LoggerFactory.getLogger(DatasetCatalog.class);

    private final DatasetRepository datasets;
    private final DatasetJson json;
    private final DatasetContent content;
    private final ArtifactStore store;
    private final CurrentTenant currentTenant;
    private final List<DatasetUsage> usages;

    DatasetCatalog(DatasetRepository datasets, DatasetJson json, DatasetContent content, ArtifactStore store,
            CurrentTenant currentTenant, List<DatasetUsage> usages) {
        this.datasets = datasets;
        this.json = json;
        this.content = content;
        this.store = store;
        this.currentTenant = currentTenant;
        this.usages = usages;
    }

    /**
     * @throws NotFoundException when the current tenant has no such dataset
     */
    @Transactional(readOnly = true)
    public DatasetInfo get(UUID id) {
        return json.info(row(id));
    }

    @Transactional(readOnly = true)
    Page<DatasetInfo> list(Pageable pageable) {
        return datasets.findByTenantId(currentTenant.id(), pageable).map(json::info);
    }

    /**
     * The split of a labeled dataset.
     *
     * @throws InvalidRequestException (422) when the dataset has no labels
     */
    public DatasetSplit split(UUID id, SplitSpec spec) throws IOException {
        DatasetInfo info = get(id);
        if (!info.labeled()) {
            throw new InvalidRequestException(422, "dataset", "Dataset " + id + " is unlabeled; splits need labels");
        }
        return DatasetSplitter.split(content.labels(content.manifest(id)), info.numClasses(), spec);
    }

    /** Label index of every sample, or an empty array when unlabeled. */
    public int[] labels(UUID id) throws IOException {
        get(id);
        return content.labels(content.manifest(id));
    }

    /** The first {@code n} images (uint8 CHW) of an image dataset. */
    List<byte[]> firstImages(UUID id, int n) throws IOException {
        get(id);
        return content.firstImages(content.manifest(id), n);
    }

    /** The first {@code n} texts of a text dataset. */
    List<String> firstTexts(UUID id, int n) throws IOException {
        get(id);
        return content.firstTexts(content.manifest(id), n);
    }

    /**
     * Deletes the row, then the stored objects.
     *
     * @throws ConflictException while an unfinished experiment uses the dataset
     */
    @Transactional
    public void delete(UUID id) throws IOException {
        Dataset row = row(id);
        for (DatasetUsage usage : usages) {
            String user = usage.unfinishedUserOf(id);
            if (user != null) {
                throw new ConflictException("Dataset " + id + " is used by " + user + ", which has not finished");
            }
        }
        datasets.delete(row);
        datasets.flush();
        for (String key : store.list(DatasetKeys.prefix(id))) {
            try {
                store.delete(key);
            } catch (IOException e) {
                // The row is gone, so nothing can reach this object; it is only space.
                log.warn("Could not delete {} of deleted dataset {}", key, id, e);
            }
        }
    }

    CanonicalDataset manifest(UUID id) throws IOException {
        get(id);
        return content.manifest(id);
    }

    private Dataset row(UUID id) {
        return datasets.findByIdAndTenantId(id, currentTenant.id())
                .orElseThrow(() -> new NotFoundException("Dataset", id));
    }
}
