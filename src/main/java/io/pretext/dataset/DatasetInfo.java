package io.pretext.dataset;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

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
 */
@Schema(requiredProperties = {"id", "name", "modality", "format", "numSamples", "numClasses", "classes",
        "classCounts", "labeled", "shape", "sha256", "sizeBytes", "createdAt"})
public record DatasetInfo(UUID id, String name, Modality modality, DatasetFormat format, int numSamples,
        int numClasses, List<String> classes, List<Integer> classCounts, boolean labeled, List<Integer> shape,
        String sha256, long sizeBytes, Instant createdAt) {
}
