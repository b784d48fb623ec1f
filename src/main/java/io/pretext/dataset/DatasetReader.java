package io.pretext.dataset;

import java.io.IOException;
import java.util.List;
import java.util.UUID;

import io.pretext.dataset.ingest.CanonicalDataset;
import io.pretext.storage.ArtifactStore;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a dataset's canonical content straight from the artifact store, for code that runs
 * outside the API (the training child JVM) and so has no tenant: callers must only pass ids they
 * were given by the job system. Thread-safe.
 */
public final class DatasetReader {

    /**
     * All images of a dataset. The pixel array is {@code numSamples * C * H * W} uint8, CHW per image.
     *
     * @param labels label per sample; empty when unlabeled
     * @param classes class names in label order
     * @param sha256 the dataset's content hash, for provenance
     */
    public record Images(int numSamples, int channels, int height, int width, byte[] pixels, int[] labels,
            List<String> classes, String sha256) {
    }

    /**
     * All texts of a dataset.
     *
     * @param labels label per text; empty when unlabeled
     * @param classes class names in label order
     * @param sha256 the dataset's content hash, for provenance
     */
    public record Texts(List<String> texts, int[] labels, List<String> classes, String sha256) {
    }

    private final DatasetContent content;

    public DatasetReader(ArtifactStore store, JsonMapper json) {
        this.content = new DatasetContent(store, new DatasetJson(json));
    }

    /** Whether the dataset holds text (else images). */
    public boolean holdsText(UUID datasetId) throws IOException {
        return content.manifest(datasetId).shape().isEmpty();
    }

    /** Loads every text into memory. */
    public Texts texts(UUID datasetId) throws IOException {
        CanonicalDataset manifest = content.manifest(datasetId);
        if (!manifest.shape().isEmpty()) {
            throw new IOException("Dataset " + datasetId + " holds images, not text");
        }
        return new Texts(content.firstTexts(manifest, manifest.numSamples()), content.labels(manifest),
                manifest.classes(), manifest.sha256());
    }

    /** Loads every image into memory (fine for the small-image datasets this service trains on). */
    public Images images(UUID datasetId) throws IOException {
        CanonicalDataset manifest = content.manifest(datasetId);
        if (manifest.shape().isEmpty()) {
            throw new IOException("Dataset " + datasetId + " holds text, not images");
        }
        return new Images(manifest.numSamples(), manifest.shape().get(0), manifest.shape().get(1),
                manifest.shape().get(2), content.allImages(manifest), content.labels(manifest), manifest.classes(),
                manifest.sha256());
    }
}
