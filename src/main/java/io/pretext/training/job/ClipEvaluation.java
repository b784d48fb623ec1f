package io.pretext.training.job;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import io.pretext.dataset.DatasetReader;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.TrainedModel;
import io.pretext.training.child.RunContext;
import io.pretext.training.data.Shuffle;
import io.pretext.training.eval.Confusion;
import io.pretext.training.eval.Retrieval;
import io.pretext.training.eval.RetrievalPicture;
import io.pretext.training.ops.Vectors;

/**
 * What an evaluation measures of a CLIP model on one image dataset. A labeled dataset: zero-shot
 * classification (each image given the class whose prompts' embedding is nearest, no labeled image
 * seen), scored like a classifier ({@code accuracy/<dataset>}, {@code macroF1/<dataset>}). A
 * captioned dataset: retrieval recall@1/5/10 in both directions ({@code imageToTextRecall@k/<dataset>},
 * {@code textToImageRecall@k/<dataset>}) over a pool of up to {@link #POOL} of its images (a seeded
 * sample) with all their captions, and for the first such dataset a picture of a few text queries
 * with their top results at {@link ArtifactLayout#retrievalPicture}. Not thread-safe; one per job.
 */
final class ClipEvaluation {

    /** Retrieval's pool: recall falls as the pool grows, so the report names its size. */
    static final int POOL = 1000;
    static final int QUERIES = 5;
    static final int SHOWN = 6;
    private static final int BATCH = 256;

    private final RunContext context;
    private final TrainedModel model;
    private final List<String> templates;
    private boolean pictured;

    ClipEvaluation(RunContext context, TrainedModel model, List<String> templates) {
        this.context = context;
        this.model = model;
        this.templates = templates;
    }

    /**
     * Adds the scores of one dataset to {@code report}.
     *
     * @param images {@code count} uint8 CHW images at the model's size
     * @param labels a label per image; empty when the dataset is unlabeled
     */
    void evaluate(UUID dataset, byte[] images, int count, int[] labels, List<String> classes,
            EvaluationReport report) throws IOException {
        int size = model.card().inputBytes();
        if (labels.length > 0) {
            Confusion confusion = new Confusion(classes.size());
            for (int from = 0; from < count; from += BATCH) {
                int to = Math.min(count, from + BATCH);
                float[][] probabilities = model.zeroShot(Arrays.copyOfRange(images, from * size, to * size),
                        to - from, classes, templates);
                for (int i = from; i < to; i++) {
                    confusion.add(labels[i], Vectors.argMax(probabilities[i - from]));
                }
            }
            report.add(dataset, confusion, classes);
        }
        DatasetReader reader = context.datasets();
        if (reader.hasCaptions(dataset)) {
            retrieval(dataset, images, count, reader.captions(dataset), report);
        }
    }

    private void retrieval(UUID dataset, byte[] images, int count, DatasetReader.Captions captions,
            EvaluationReport report) throws IOException {
        int size = model.card().inputBytes();
        int[] order = Shuffle.permutation(count, new Random(context.seed()));
        int pool = Math.min(POOL, order.length);
        int[] position = new int[count];
        Arrays.fill(position, -1);
        byte[] pixels = new byte[pool * size];
        for (int i = 0; i < pool; i++) {
            position[order[i]] = i;
            System.arraycopy(images, order[i] * size, pixels, i * size, size);
        }
        List<String> texts = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        for (int c = 0; c < captions.size(); c++) {
            if (position[captions.images()[c]] >= 0) {
                texts.add(captions.texts().get(c));
                owners.add(position[captions.images()[c]]);
            }
        }
        float[][] imageEmbeddings = batched(pixels, pool, size, false);
        byte[] ids = model.encodeTexts(texts);
        float[][] textEmbeddings = batched(ids, texts.size(), ids.length / Math.max(1, texts.size()), true);
        int[] captionImage = owners.stream().mapToInt(Integer::intValue).toArray();
        Map<String, Double> recall = Retrieval.recall(imageEmbeddings, textEmbeddings, captionImage);
        recall.forEach((name, value) -> report.metric(EvaluationReport.metricName(name, dataset), value));
        Map<String, Object> scores = new LinkedHashMap<>();
        scores.put("images", pool);
        scores.put("captions", texts.size());
        scores.putAll(recall);
        report.retrieval(dataset, scores);
        if (!pictured) {
            pictured = true;
            picture(pixels, texts, captionImage, imageEmbeddings, textEmbeddings);
        }
    }

    private float[][] batched(byte[] inputs, int count, int size, boolean text) {
        float[][] out = new float[count][];
        for (int from = 0; from < count; from += BATCH) {
            int to = Math.min(count, from + BATCH);
            byte[] batch = Arrays.copyOfRange(inputs, from * size, to * size);
            float[][] rows = text ? model.textEmbeddings(batch, to - from) : model.embeddings(batch, to - from);
            System.arraycopy(rows, 0, out, from, to - from);
        }
        return out;
    }

    /** The first caption of each of the pool's first {@link #QUERIES} images, with its top images. */
    private void picture(byte[] pixels, List<String> texts, int[] captionImage, float[][] images,
            float[][] captions) throws IOException {
        int size = model.card().inputBytes();
        List<RetrievalPicture.Row> rows = new ArrayList<>();
        for (int t = 0; t < texts.size() && rows.size() < QUERIES; t++) {
            if (t > 0 && captionImage[t - 1] == captionImage[t]) {
                continue;
            }
            float[] scores = Retrieval.scores(captions[t], images);
            List<byte[]> shown = new ArrayList<>();
            List<Boolean> own = new ArrayList<>();
            for (int i : Retrieval.top(scores, SHOWN)) {
                shown.add(Arrays.copyOfRange(pixels, i * size, (i + 1) * size));
                own.add(i == captionImage[t]);
            }
            rows.add(new RetrievalPicture.Row(texts.get(t), shown, own));
        }
        String title = "Text \u2192 image search among " + images.length + " test images: each caption's top "
                + SHOWN + ", its own image framed";
        byte[] png = RetrievalPicture.png(title, rows, List.of(model.card().channels(), model.card().height(),
                model.card().width()));
        context.store().put(ArtifactLayout.retrievalPicture(context.request().jobId()), new ByteArrayInputStream(png));
    }
}
