package io.pretext.training.job;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pretext.dataset.DatasetReader;
import io.pretext.dataset.Modality;
import io.pretext.training.ArtifactLayout;
import io.pretext.training.EvaluateSettings;
import io.pretext.training.ExitCodes;
import io.pretext.training.ModelCard;
import io.pretext.training.TrainedModel;
import io.pretext.training.TrainingRequest;
import io.pretext.training.child.RunContext;
import io.pretext.training.clip.ClipSettings;
import io.pretext.training.data.Shuffle;
import io.pretext.training.eval.Confusion;
import io.pretext.training.eval.Tsne;
import io.pretext.training.ops.Vectors;

/**
 * Evaluates a finished model (the best checkpoint of its job) on every dataset the spec lists, with
 * the same preprocessing inference uses: accuracy and macro-F1 as job metrics, and a report with
 * per-class F1, the confusion matrix and a 2-D t-SNE of the first dataset's embeddings at
 * {@link ArtifactLayout#evaluationReport}. A CLIP model is scored by {@link ClipEvaluation} instead:
 * zero-shot on labeled datasets, retrieval on captioned ones.
 */
public final class EvaluateJob {

    private static final int BATCH = 256;
    static final int MAX_POINTS = 1000;

    private final RunContext context;

    public EvaluateJob(RunContext context) {
        this.context = context;
    }

    public int run() throws Exception {
        TrainingRequest request = context.request();
        if (request.inputFrom() == null) {
            throw new IllegalArgumentException("the model to evaluate has no checkpoint");
        }
        EvaluateSettings spec = context.evaluate();
        EvaluationReport report = new EvaluationReport();
        report.put("checkpoint", request.inputFrom());
        DatasetReader reader = context.datasets();
        try (TrainedModel model = TrainedModel.load(context.store(), request.inputFrom(), context.json())) {
            ModelCard card = model.card();
            ClipEvaluation clip = !card.clipModel() ? null : new ClipEvaluation(context, model,
                    spec.promptTemplates() == null ? ClipSettings.PROMPT_TEMPLATES : spec.promptTemplates());
            for (UUID dataset : spec.datasets()) {
                String id = dataset.toString();
                Samples data = samples(reader, dataset, model);
                if (clip != null) {
                    clip.evaluate(dataset, data.inputs(), data.count(), data.labels(), data.classes(), report);
                    if (data.labels().length > 0 && !report.has("embedding")) {
                        report.put("embedding", embedding(model, data, id));
                    }
                    continue;
                }
                if (!data.classes().equals(card.classes())) {
                    throw new IllegalArgumentException("dataset " + id + " has classes " + data.classes()
                            + "; the model predicts " + card.classes());
                }
                Confusion confusion = confusion(model, data);
                if (!report.has("embedding")) {
                    report.put("embedding", embedding(model, data, id));
                }
                report.add(dataset, confusion, data.classes());
            }
        }
        report.finish(context);
        return ExitCodes.DONE;
    }

    /** A dataset as the model's input bytes (what inference would send it), with its labels. */
    private record Samples(byte[] inputs, int count, int[] labels, List<String> classes) {
    }

    private static Samples samples(DatasetReader reader, UUID id, TrainedModel model) throws IOException {
        ModelCard card = model.card();
        Modality holds = reader.modality(id);
        if (holds != card.modality()) {
            throw new IllegalArgumentException("dataset " + id + " holds " + holds.value() + "; the model reads "
                    + card.modality().value());
        }
        if (holds == Modality.AUDIO) {
            DatasetReader.Audio clips = reader.audio(id);
            if (clips.sampleRate() != card.audio().sampleRate() || clips.clipSamples() != card.audio().clipSamples()) {
                throw new IllegalArgumentException("dataset " + id + " holds clips of " + clips.clipSamples()
                        + " samples at " + clips.sampleRate() + " Hz; the model takes " + card.audio().clipSamples()
                        + " at " + card.audio().sampleRate() + " Hz");
            }
            byte[] le = new byte[clips.pcm().length * 2];
            java.nio.ByteBuffer.wrap(le).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(clips.pcm());
            return new Samples(le, clips.numSamples(), clips.labels(), clips.classes());
        }
        if (card.readsText()) {
            DatasetReader.Texts texts = reader.texts(id);
            return new Samples(model.encodeTexts(texts.texts()), texts.texts().size(), texts.labels(),
                    texts.classes());
        }
        DatasetReader.Images data = reader.images(id);
        if (data.channels() != card.channels() || data.height() != card.height() || data.width() != card.width()) {
            throw new IllegalArgumentException("dataset " + id + " holds " + data.channels() + "x" + data.height()
                    + "x" + data.width() + " images; the model takes " + card.channels() + "x" + card.height() + "x"
                    + card.width());
        }
        return new Samples(data.pixels(), data.numSamples(), data.labels(), data.classes());
    }

    private static Confusion confusion(TrainedModel model, Samples data) {
        Confusion confusion = new Confusion(data.classes().size());
        int size = model.card().inputBytes();
        for (int from = 0; from < data.count(); from += BATCH) {
            int to = Math.min(data.count(), from + BATCH);
            float[][] probabilities = model.probabilities(Arrays.copyOfRange(data.inputs(), from * size, to * size),
                    to - from);
            for (int i = from; i < to; i++) {
                confusion.add(data.labels()[i], Vectors.argMax(probabilities[i - from]));
            }
        }
        return confusion;
    }

    /**
     * A 2-D t-SNE of the L2-normalised embeddings of up to {@link #MAX_POINTS} samples (a seeded
     * sample), with their labels: what {@code embeddings.png} draws.
     */
    private Map<String, Object> embedding(TrainedModel model, Samples data, String datasetId) {
        int[] order = Shuffle.permutation(data.count(), new java.util.Random(context.seed()));
        int n = Math.min(MAX_POINTS, order.length);
        int size = model.card().inputBytes();
        byte[] pixels = new byte[n * size];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(data.inputs(), order[i] * size, pixels, i * size, size);
            labels[i] = data.labels()[order[i]];
        }
        float[][] vectors = new float[n][];
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            float[][] batch = model.embeddings(Arrays.copyOfRange(pixels, from * size, to * size), to - from);
            System.arraycopy(batch, 0, vectors, from, to - from);
        }
        for (float[] v : vectors) {
            Vectors.l2NormalizeInPlace(v);
        }
        Map<String, Object> embedding = new LinkedHashMap<>();
        embedding.put("dataset", datasetId);
        embedding.put("classes", data.classes());
        embedding.put("labels", labels);
        embedding.put("points", Tsne.embed(vectors, 30, context.seed()));
        return embedding;
    }
}
