package io.pretext.inference;

import java.io.IOException;

import io.pretext.model.ModelVersion;
import io.pretext.storage.ArtifactStore;
import io.pretext.training.TrainedModel;
import tools.jackson.databind.json.JsonMapper;

/** A {@link TrainedModel} behind the worker's interface. Not thread-safe (one worker thread). */
final class TrainedBatchModel implements BatchModel {

    private final TrainedModel model;
    private final long bytes;

    private TrainedBatchModel(TrainedModel model) {
        this.model = model;
        this.bytes = model.parameterBytes();
    }

    static BatchModel load(ArtifactStore store, ModelVersion version, JsonMapper json) throws IOException {
        return new TrainedBatchModel(TrainedModel.load(store, version.checkpointPrefix(), json));
    }

    @Override
    public float[][] run(Operation operation, byte[] pixels, int count) {
        return switch (operation) {
            case EMBEDDINGS -> model.embeddings(pixels, count);
            case CLASSIFICATIONS -> model.probabilities(pixels, count);
            case TEXT_EMBEDDINGS -> model.textEmbeddings(pixels, count);
        };
    }

    @Override
    public float logitScale() {
        return model.logitScale();
    }

    @Override
    public byte[] encodeTexts(java.util.List<String> texts) {
        return model.encodeTexts(texts);
    }

    @Override
    public long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        model.close();
    }
}
