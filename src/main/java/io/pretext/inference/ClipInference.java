package io.pretext.inference;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import io.pretext.dataset.DatasetCatalog;
import io.pretext.dataset.DatasetInfo;
import io.pretext.dataset.DatasetReader;
import io.pretext.dataset.Modality;
import io.pretext.model.ModelVersion;
import io.pretext.storage.ArtifactStore;
import io.pretext.web.ConflictException;
import io.pretext.web.InvalidRequestException;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Zero-shot classification and search with a registered model: the image and text embeddings
 * come from the model's batching worker ({@link InferenceService}), the rest is arithmetic on
 * them. Each request pins the version it resolved first, so an alias moved meanwhile cannot mix
 * two versions' embeddings. The controller has checked the request's own fields. Thread-safe.
 */
@Service
class ClipInference {

    /** A zero-shot answer: the version and one probability row per image. */
    record ZeroShotResult(ModelVersion model, float[][] probabilities) {
    }

    /** A search answer: the version and the best items. */
    record SearchResult(ModelVersion model, List<ClipViews.SearchHit> hits) {
    }

    private final InferenceService inference;
    private final SearchIndex index;
    private final DatasetCatalog catalog;
    private final DatasetReader datasets;

    ClipInference(InferenceService inference, SearchIndex index, DatasetCatalog catalog, ArtifactStore store,
            JsonMapper json) {
        this.inference = inference;
        this.index = index;
        this.catalog = catalog;
        this.datasets = new DatasetReader(store, json);
    }

    /**
     * @param images the images, as multipart files or base64 (named for errors)
     * @throws InvalidRequestException 422 naming {@code id} when the model is not a CLIP model
     */
    ZeroShotResult zeroShot(String reference, String field, List<EncodedInput> images, List<String> labels,
            List<String> templates) {
        ModelVersion model = inference.resolve(reference);
        if (!model.card().clipModel()) {
            throw new InvalidRequestException(422, "id", "Model " + model.name() + " version " + model.version()
                    + " is not a CLIP model: zero-shot classification needs a text tower");
        }
        String pinned = pinned(model);
        float[][] pictures = same(model, inference.infer(pinned, Operation.EMBEDDINGS, field, images));
        float[][] prompts = same(model, inference.inferTexts(pinned, Operation.EMBEDDINGS,
                ZeroShotMath.prompts(labels, templates)));
        return new ZeroShotResult(model, ZeroShotMath.probabilities(pictures, prompts, labels.size(),
                templates.size(), inference.logitScale(model)));
    }

    /**
     * @param text the text query, or null for an image query
     * @param image the image query when {@code text} is null
     * @throws InvalidRequestException 422 for a text query to a model without a text tower, a model
     *     that does not read images, or a dataset that is not of the model's images
     */
    SearchResult search(String reference, String text, EncodedInput image, UUID datasetId, int k)
            throws IOException {
        ModelVersion model = inference.resolve(reference);
        String name = "Model " + model.name() + " version " + model.version();
        if (text != null && !model.card().clipModel()) {
            throw new InvalidRequestException(422, "text", name + " reads images only (it is not a CLIP model): "
                    + "search it with an image");
        }
        if (model.card().modality() != Modality.IMAGE) {
            throw new InvalidRequestException(422, "id", name + " does not read images: search needs an image model");
        }
        DatasetInfo dataset = catalog.get(datasetId);
        List<Integer> shape = List.of(model.card().channels(), model.card().height(), model.card().width());
        if (dataset.modality() != Modality.IMAGE || !dataset.shape().equals(shape)) {
            throw new InvalidRequestException(422, "dataset", "Dataset " + datasetId + " holds "
                    + dataset.modality().value() + " of shape " + dataset.shape() + "; " + name + " reads images of "
                    + "shape " + shape);
        }
        String pinned = pinned(model);
        float[] query = ZeroShotMath.unit(same(model, text != null
                ? inference.inferTexts(pinned, Operation.EMBEDDINGS, List.of(text))
                : inference.infer(pinned, Operation.EMBEDDINGS, "image", List.of(image)))[0]);
        float[][] items = index.embeddings(model, pinned, dataset);
        double[] scores = new double[items.length];
        for (int i = 0; i < items.length; i++) {
            scores[i] = ZeroShotMath.dot(query, ZeroShotMath.unit(items[i]));
        }
        int[] best = IntStream.range(0, items.length).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt(i -> i))
                .limit(k).mapToInt(Integer::intValue).toArray();
        int[] labels = dataset.labeled() ? catalog.labels(datasetId) : null;
        String[] captions = dataset.captioned() ? firstCaptions(datasetId, items.length) : null;
        List<ClipViews.SearchHit> hits = new ArrayList<>();
        for (int i : best) {
            hits.add(new ClipViews.SearchHit(i, (float) scores[i], labels == null ? null
                    : dataset.classes().get(labels[i]), captions == null ? null : captions[i]));
        }
        return new SearchResult(model, hits);
    }

    private String[] firstCaptions(UUID datasetId, int images) throws IOException {
        DatasetReader.Captions captions = datasets.captions(datasetId);
        String[] first = new String[images];
        for (int i = captions.size() - 1; i >= 0; i--) {
            first[captions.images()[i]] = captions.texts().get(i);
        }
        return first;
    }

    /** The reference of exactly this version. */
    private static String pinned(ModelVersion model) {
        return model.modelId() + "@" + model.version();
    }

    private static float[][] same(ModelVersion model, InferenceService.Result result) {
        if (!result.model().versionId().equals(model.versionId())) {
            throw new ConflictException("Model " + model.name() + " changed version during the request; retry");
        }
        return result.rows();
    }
}
