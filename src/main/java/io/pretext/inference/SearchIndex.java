package io.pretext.inference;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

import io.pretext.dataset.DatasetInfo;
import io.pretext.dataset.DatasetReader;
import io.pretext.model.ModelVersion;
import io.pretext.storage.ArtifactStore;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The embeddings of a dataset's images under one model version, for search: computed on first use
 * by the model's worker (in slices of its batch size, each a request of its own with its own
 * deadline) and stored as an artifact under {@code search-index/<version id>/<dataset id>.f32}
 * (two int32 — rows, width — then the float32 rows, little-endian), so they are computed once per
 * version and dataset; a new version of the model gets its own. Two first searches at once may
 * both compute it (the store's writes are atomic, the results equal). Thread-safe.
 */
@Component
class SearchIndex {

    private static final String PREFIX = "search-index/";

    private final ArtifactStore store;
    private final DatasetReader datasets;
    private final InferenceService inference;
    private final int slice;

    SearchIndex(ArtifactStore store, JsonMapper json, InferenceService inference, InferenceProperties properties) {
        this.store = store;
        this.datasets = new DatasetReader(store, json);
        this.inference = inference;
        this.slice = properties.maxBatchSize();
    }

    /**
     * One embedding per image of {@code dataset}, in dataset order.
     *
     * @param reference names exactly {@code model} (its id and version)
     * @param dataset an image dataset of the model's input size, the caller's
     */
    float[][] embeddings(ModelVersion model, String reference, DatasetInfo dataset) throws IOException {
        String key = PREFIX + model.versionId() + "/" + dataset.id() + ".f32";
        if (store.exists(key)) {
            try (InputStream in = store.get(key)) {
                return read(in.readAllBytes());
            }
        }
        DatasetReader.Images images = datasets.images(dataset.id());
        int bytes = images.channels() * images.height() * images.width();
        float[][] rows = new float[images.numSamples()][];
        for (int from = 0; from < rows.length; from += slice) {
            int n = Math.min(slice, rows.length - from);
            byte[] pixels = Arrays.copyOfRange(images.pixels(), from * bytes, (from + n) * bytes);
            float[][] part = inference.inferPixels(reference, Operation.EMBEDDINGS, n, m -> pixels).rows();
            System.arraycopy(part, 0, rows, from, n);
        }
        store.put(key, new ByteArrayInputStream(write(rows)));
        return rows;
    }

    static byte[] write(float[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        ByteBuffer buffer = ByteBuffer.allocate(8 + rows.length * width * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(rows.length).putInt(width);
        for (float[] row : rows) {
            for (float v : row) {
                buffer.putFloat(v);
            }
        }
        return buffer.array();
    }

    static float[][] read(byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int count = buffer.getInt();
        int width = buffer.getInt();
        if (count < 0 || width < 0 || bytes.length != 8L + 4L * count * width) {
            throw new IOException("a search index of " + bytes.length + " bytes does not hold " + count + " x "
                    + width + " floats");
        }
        float[][] rows = new float[count][width];
        for (float[] row : rows) {
            for (int d = 0; d < width; d++) {
                row[d] = buffer.getFloat();
            }
        }
        return rows;
    }
}
