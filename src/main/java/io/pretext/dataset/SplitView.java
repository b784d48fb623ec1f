package io.pretext.dataset;

import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;

/** What {@code GET /v1/datasets/{id}/split} answers: the split's parameters and class counts. */
@Schema(requiredProperties = {"datasetId", "validationFraction", "seed", "train", "validation"})
record SplitView(UUID datasetId, Double labelFraction, Integer labelsPerClass, double validationFraction, long seed,
        Part train, Part validation) {

    /** One side of the split. */
    @Schema(name = "SplitPart", requiredProperties = {"numSamples", "classCounts"})
    record Part(int numSamples, List<Integer> classCounts) {
        static Part of(int[] indices, int[] labels, List<String> classes) {
            int[] counts = new int[classes.size()];
            for (int i : indices) {
                counts[labels[i]]++;
            }
            return new Part(indices.length, java.util.Arrays.stream(counts).boxed().toList());
        }
    }
}
