package io.pretext.training.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Cross-modal retrieval scores of a held-out pair set, as CLIP reports them: recall@k in both
 * directions over the whole pool. Image to text: an image is a hit when any of its own captions is
 * among the k captions most similar to it. Text to image: a caption is a hit when its image is among
 * the k images most similar to it. Ties count against the query (an item scoring the same as the
 * right one ranks before it), so a model that embeds everything alike scores at chance, not at 1.
 * Embeddings are compared by dot product: pass unit-length vectors for cosine similarity. Stateless.
 */
public final class Retrieval {

    /** The cut-offs reported. */
    public static final int[] KS = {1, 5, 10};

    private Retrieval() {
    }

    /**
     * @param images one embedding per image
     * @param captions one embedding per caption, of the images' width
     * @param captionImage the image index of each caption; every image has at least one caption
     * @return {@code imageToTextRecall@k} and {@code textToImageRecall@k} for each of {@link #KS}, as
     *     fractions in [0, 1], in that order
     */
    public static Map<String, Double> recall(float[][] images, float[][] captions, int[] captionImage) {
        if (captions.length != captionImage.length) {
            throw new IllegalArgumentException(captions.length + " captions but " + captionImage.length
                    + " image indices");
        }
        int[] imageRanks = new int[images.length];
        java.util.Arrays.fill(imageRanks, Integer.MAX_VALUE);
        int[] captionRanks = new int[captions.length];
        float[][] similarity = new float[captions.length][];
        for (int t = 0; t < captions.length; t++) {
            similarity[t] = scores(captions[t], images);
            captionRanks[t] = rank(similarity[t], captionImage[t]);
        }
        // An image's rank is that of its best-placed caption among all captions.
        for (int i = 0; i < images.length; i++) {
            for (int t = 0; t < captions.length; t++) {
                if (captionImage[t] == i) {
                    float own = similarity[t][i];
                    int before = 0;
                    for (int u = 0; u < captions.length; u++) {
                        if (u != t && similarity[u][i] >= own) {
                            before++;
                        }
                    }
                    imageRanks[i] = Math.min(imageRanks[i], before);
                }
            }
            if (imageRanks[i] == Integer.MAX_VALUE) {
                throw new IllegalArgumentException("image " + i + " has no caption");
            }
        }
        Map<String, Double> recall = new LinkedHashMap<>();
        for (int k : KS) {
            recall.put("imageToTextRecall@" + k, share(imageRanks, k));
        }
        for (int k : KS) {
            recall.put("textToImageRecall@" + k, share(captionRanks, k));
        }
        return recall;
    }

    /**
     * The indices of the {@code k} largest scores, best first (lower index first among equals).
     */
    public static int[] top(float[] scores, int k) {
        int n = Math.min(k, scores.length);
        int[] best = new int[n];
        boolean[] taken = new boolean[scores.length];
        for (int j = 0; j < n; j++) {
            int arg = -1;
            for (int i = 0; i < scores.length; i++) {
                if (!taken[i] && (arg < 0 || scores[i] > scores[arg])) {
                    arg = i;
                }
            }
            taken[arg] = true;
            best[j] = arg;
        }
        return best;
    }

    /** How many items other than {@code own} score at least as high as it (0 = retrieved first). */
    private static int rank(float[] scores, int own) {
        int before = 0;
        for (int i = 0; i < scores.length; i++) {
            if (i != own && scores[i] >= scores[own]) {
                before++;
            }
        }
        return before;
    }

    private static double share(int[] ranks, int k) {
        int hits = 0;
        for (int rank : ranks) {
            if (rank < k) {
                hits++;
            }
        }
        return ranks.length == 0 ? Double.NaN : (double) hits / ranks.length;
    }

    /** The dot product of {@code query} with each of {@code items}. */
    public static float[] scores(float[] query, float[][] items) {
        float[] scores = new float[items.length];
        for (int i = 0; i < items.length; i++) {
            scores[i] = dot(query, items[i]);
        }
        return scores;
    }

    private static float dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("embeddings of width " + a.length + " and " + b.length);
        }
        float sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
