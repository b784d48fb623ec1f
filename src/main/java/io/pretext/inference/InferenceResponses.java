package io.pretext.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/** Shapes model outputs into response bodies. Stateless. */
final class InferenceResponses {

    private InferenceResponses() {
    }

    static InferenceViews.Embeddings embeddings(InferenceService.Result result, boolean normalize) {
        List<float[]> rows = new ArrayList<>();
        for (float[] row : result.rows()) {
            rows.add(normalize ? l2Normalized(row) : row);
        }
        var model = result.model();
        return new InferenceViews.Embeddings(model.modelId(), model.name(), model.version(), model.checkpointKind(),
                model.card().embeddingSize(), normalize, rows);
    }

    static InferenceViews.Classifications classifications(InferenceService.Result result, int topK) {
        var model = result.model();
        List<String> classes = model.card().classes();
        List<InferenceViews.Prediction> predictions = new ArrayList<>();
        for (float[] probabilities : result.rows()) {
            List<InferenceViews.Label> top = IntStream.range(0, probabilities.length).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -probabilities[i]).thenComparing(i -> i))
                    .limit(topK)
                    .map(i -> new InferenceViews.Label(classes.get(i), i, probabilities[i])).toList();
            predictions.add(new InferenceViews.Prediction(top.get(0).label(), top.get(0).probability(), top));
        }
        return new InferenceViews.Classifications(model.modelId(), model.name(), model.version(),
                model.checkpointKind(), predictions);
    }

    /** The vector scaled to unit Euclidean length; a zero vector stays zero. */
    static float[] l2Normalized(float[] row) {
        double sum = 0;
        for (float v : row) {
            sum += (double) v * v;
        }
        if (sum == 0) {
            return row.clone();
        }
        float scale = (float) (1 / Math.sqrt(sum));
        float[] out = new float[row.length];
        for (int i = 0; i < row.length; i++) {
            out[i] = row[i] * scale;
        }
        return out;
    }
}
