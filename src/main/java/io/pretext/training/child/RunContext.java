package io.pretext.training.child;

import io.pretext.dataset.DatasetReader;
import io.pretext.storage.ArtifactStore;
import io.pretext.training.TrainingRequest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every kind of training job works with: its request and parsed payload, the artifact store,
 * the event channel to the supervisor and its control requests. Immutable.
 */
public record RunContext(TrainingRequest request, JsonNode payload, ArtifactStore store, ChildEvents events,
        ChildControl control, JsonMapper json) {

    public DatasetReader datasets() {
        return new DatasetReader(store, json);
    }

    public long seed() {
        return payload.get("seed").asLong();
    }

    public int checkpointEvery() {
        return payload.at("/checkpoint/everyEpochs").asInt(1);
    }

    /** The encoder architecture: the payload's, else the pretraining section's, else cnn-small. */
    public String encoderName() {
        if (payload.hasNonNull("encoder")) {
            return payload.get("encoder").asString();
        }
        return payload.hasNonNull("pretrain") ? payload.at("/pretrain/encoder").asString() : "cnn-small";
    }
}
