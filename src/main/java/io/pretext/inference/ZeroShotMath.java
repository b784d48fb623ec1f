package io.pretext.inference;

import java.util.List;

/**
 * CLIP's zero-shot probabilities from embeddings, as the in-process model computes them: each
 * label's prompt embeddings averaged and scaled to unit length, then for every image the softmax
 * over labels of the logit scale times the cosine similarity. Stateless.
 */
final class ZeroShotMath {

    private ZeroShotMath() {
    }

    /**
     * @param images unit-length image embeddings
     * @param prompts unit-length text embeddings, label by label, {@code templates} prompts each
     * @return one row per image of {@code labels} probabilities
     */
    static float[][] probabilities(float[][] images, float[][] prompts, int labels, int templates, float scale) {
        float[][] classes = new float[labels][];
        for (int k = 0; k < labels; k++) {
            float[] mean = new float[prompts[0].length];
            for (int t = 0; t < templates; t++) {
                float[] prompt = prompts[k * templates + t];
                for (int d = 0; d < mean.length; d++) {
                    mean[d] += prompt[d] / templates;
                }
            }
            classes[k] = unit(mean);
        }
        float[][] out = new float[images.length][labels];
        for (int i = 0; i < images.length; i++) {
            double[] logits = new double[labels];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < labels; k++) {
                logits[k] = scale * dot(images[i], classes[k]);
                max = Math.max(max, logits[k]);
            }
            double sum = 0;
            for (int k = 0; k < labels; k++) {
                logits[k] = Math.exp(logits[k] - max);
                sum += logits[k];
            }
            for (int k = 0; k < labels; k++) {
                out[i][k] = (float) (logits[k] / sum);
            }
        }
        return out;
    }

    /** The prompts of every label, label by label: each template with its {@code {}} replaced. */
    static List<String> prompts(List<String> labels, List<String> templates) {
        return labels.stream().flatMap(label -> templates.stream().map(t -> t.replace("{}", label))).toList();
    }

    static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int d = 0; d < a.length; d++) {
            sum += (double) a[d] * b[d];
        }
        return sum;
    }

    /** {@code v} scaled to unit length (a zero vector stays zero). */
    static float[] unit(float[] v) {
        double norm = Math.sqrt(dot(v, v));
        float[] out = new float[v.length];
        for (int d = 0; d < v.length; d++) {
            out[d] = norm == 0 ? 0 : (float) (v[d] / norm);
        }
        return out;
    }
}
