package io.pretext.dataset;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A dataset as the API and other modules see it. Immutable.
 *
 * @param shape {@code [channels, height, width]} for images, {@code [sampleRate, clipSamples]} for audio
 *     (mono clips, sample rate in Hz), empty for text
 * @param classes class names in label-index order; empty when unlabeled
 * @param classCounts samples per class, aligned with {@code classes}
 * @param sha256 hex SHA-256 of the canonical content
 * @param sizeBytes bytes stored for the canonical content
 * @param numCaptions captions stored with the images (an {@code image-text-zip} upload, at least one
 *     per image); 0 for every other dataset
 */
@Schema(requiredProperties = {"id", "name", "modality", "format", "numSamples", "numClasses", "classes",
        "classCounts", "labeled", "shape", "sha256", "sizeBytes", "createdAt", "numCaptions"})
public record DatasetInfo(UUID id, String name, Modality modality, DatasetFormat format, int numSamples,
        int numClasses, List<String> classes, List<Integer> classCounts, boolean labeled, List<Integer> shape,
        String sha256, long sizeBytes, Instant createdAt,
        @Schema(description = "Captions stored with the images (image-text-zip); 0 for other datasets")
        int numCaptions) {

    /** A dataset without captions. */
    public DatasetInfo(UUID id, String name, Modality modality, DatasetFormat format, int numSamples, int numClasses,
            List<String> classes, List<Integer> classCounts, boolean labeled, List<Integer> shape, String sha256,
            long sizeBytes, Instant createdAt) {
        this(id, name, modality, format, numSamples, numClasses, classes, classCounts, labeled, shape, sha256,
                sizeBytes, createdAt, 0);
    }

    /** Whether captions come with the images, so image–text methods can train on it. */
    @JsonIgnore
    public boolean captioned() {
        return numCaptions > 0;
    }
}
