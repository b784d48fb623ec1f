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

    /**
     * All clips of an audio dataset: mono, {@code sampleRate} Hz, {@code clipSamples} each.
     *
     * @param pcm {@code numSamples * clipSamples} signed 16-bit samples, clip after clip
     * @param labels label per clip; empty when unlabeled
     * @param classes class names in label order
     * @param sha256 the dataset's content hash, for provenance
     */
    public record Audio(int numSamples, int sampleRate, int clipSamples, short[] pcm, int[] labels,
            List<String> classes, String sha256) {
    }

    /**
     * All captions of a captioned image dataset ({@code image-text-zip}), in stored order: by image
     * index, and for one image in the order the upload listed them. Every image has at least one.
     *
     * @param images the image index (into {@link Images}) of each caption
     * @param texts the caption texts, aligned with {@code images}
     * @param sha256 the dataset's content hash, for provenance
     */
    public record Captions(int[] images, List<String> texts, String sha256) {

        /** How many captions there are. */
        public int size() {
            return images.length;
        }
    }

    private final DatasetContent content;

    public DatasetReader(ArtifactStore store, JsonMapper json) {
        this.content = new DatasetContent(store, new DatasetJson(json));
    }

    /** Whether the dataset holds text (else images or audio). */
    public boolean holdsText(UUID datasetId) throws IOException {
        return modality(datasetId) == Modality.TEXT;
    }

    /** What the dataset's samples are. */
    public Modality modality(UUID datasetId) throws IOException {
        CanonicalDataset manifest = content.manifest(datasetId);
        return manifest.isAudio() ? Modality.AUDIO : manifest.shape().isEmpty() ? Modality.TEXT : Modality.IMAGE;
    }

    /** Whether captions come with the dataset's images (an {@code image-text-zip} upload). */
    public boolean hasCaptions(UUID datasetId) throws IOException {
        return content.manifest(datasetId).captions() != null;
    }

    /**
     * Loads every caption into memory.
     *
     * @throws IOException when the dataset has no captions
     */
    public Captions captions(UUID datasetId) throws IOException {
        CanonicalDataset manifest = content.manifest(datasetId);
        if (manifest.captions() == null) {
            throw new IOException("Dataset " + datasetId + " has no captions");
        }
        DatasetContent.StoredCaptions captions = content.captions(manifest, Integer.MAX_VALUE);
        return new Captions(captions.images(), captions.texts(), manifest.sha256());
    }

    /** Loads every clip into memory (a second of 16 kHz audio is 32 kB). */
    public Audio audio(UUID datasetId) throws IOException {
        CanonicalDataset manifest = content.manifest(datasetId);
        if (!manifest.isAudio()) {
            throw new IOException("Dataset " + datasetId + " does not hold audio");
        }
        byte[] le = content.allSamples(manifest);
        short[] pcm = new short[le.length / 2];
        java.nio.ByteBuffer.wrap(le).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(pcm);
        return new Audio(manifest.numSamples(), manifest.shape().get(0), manifest.shape().get(1), pcm,
                content.labels(manifest), manifest.classes(), manifest.sha256());
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
        if (manifest.shape().isEmpty() || manifest.isAudio()) {
            throw new IOException("Dataset " + datasetId + " does not hold images");
        }
        return new Images(manifest.numSamples(), manifest.shape().get(0), manifest.shape().get(1),
                manifest.shape().get(2), content.allSamples(manifest), content.labels(manifest), manifest.classes(),
                manifest.sha256());
    }
}
