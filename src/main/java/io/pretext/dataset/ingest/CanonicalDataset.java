package io.pretext.dataset.ingest;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * What an ingest produced: the canonical content's summary, as stored in {@code manifest.json}.
 * Immutable.
 *
 * @param modality {@code image}, {@code text} or {@code audio}
 * @param numSamples number of samples, at least 1
 * @param shape {@code [channels, height, width]} for images, {@code [sampleRate, clipSamples]} for
 *     audio (mono 16-bit PCM clips), empty for text
 * @param classes class names in label order; empty when unlabeled
 * @param classCounts samples per class, aligned with {@code classes}
 * @param labeled whether every sample has a label
 * @param shards the sample shards in order
 * @param labelsKey key of the int32 little-endian labels, or null when unlabeled
 * @param sha256 hex SHA-256 of the canonical content (independent of the upload's encoding)
 * @param sizeBytes bytes stored for this dataset (shards, labels, captions, manifest)
 * @param captions the captions stored with the images, or null when there are none (every format
 *     but {@code image-text-zip}, and manifests written before captions existed)
 */
public record CanonicalDataset(String modality, int numSamples, List<Integer> shape, List<String> classes,
        List<Integer> classCounts, boolean labeled, List<Shard> shards, String labelsKey, String sha256,
        long sizeBytes, Captions captions) {

    /** A dataset without captions. */
    public CanonicalDataset(String modality, int numSamples, List<Integer> shape, List<String> classes,
            List<Integer> classCounts, boolean labeled, List<Shard> shards, String labelsKey, String sha256,
            long sizeBytes) {
        this(modality, numSamples, shape, classes, classCounts, labeled, shards, labelsKey, sha256, sizeBytes, null);
    }

    /**
     * The captions object: records of int32 LE image index, int32 LE UTF-8 length and the UTF-8
     * bytes, ordered by image index and, within an image, as the upload listed them.
     *
     * @param key its artifact key
     * @param count how many captions it holds, at least one per image
     */
    public record Captions(String key, int count) {
    }

    /** Captions stored with the images; 0 when none. */
    @JsonIgnore
    public int numCaptions() {
        return captions == null ? 0 : captions.count();
    }

    /**
     * One file of consecutive samples.
     *
     * @param key its artifact key
     * @param first index of its first sample
     * @param count how many samples it holds
     */
    public record Shard(String key, int first, int count) {
    }

    /** Bytes of one fixed-size sample: an image's C*H*W, a clip's 2 bytes per sample; 0 for text. */
    @JsonIgnore
    public int sampleBytes() {
        if (isAudio()) {
            return 2 * shape.get(1);
        }
        return shape.isEmpty() ? 0 : shape.get(0) * shape.get(1) * shape.get(2);
    }

    /** Whether the samples are audio clips. */
    @JsonIgnore
    public boolean isAudio() {
        return "audio".equals(modality);
    }
}
