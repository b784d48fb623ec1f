package io.pretext.training.child;

import io.pretext.dataset.DatasetReader;
import io.pretext.storage.ArtifactStore;
import io.pretext.training.EvaluateSettings;
import io.pretext.training.FinetuneSettings;
import io.pretext.training.JobPayload;
import io.pretext.training.PretrainSettings;
import io.pretext.training.TrainingRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every kind of training job works with: its request and parsed, checked payload, the
 * artifact store, the event channel to the supervisor and its control requests. The section
 * accessors throw {@link IllegalArgumentException} naming what is missing (a permanent failure of
 * the job). Immutable.
 */
public record RunContext(TrainingRequest request, JobPayload payload, ArtifactStore store, ChildEvents events,
        ChildControl control, JsonMapper json) {

    public DatasetReader datasets() {
        return new DatasetReader(store, json);
    }

    public long seed() {
        return payload.seed();
    }

    /** Epochs between checkpoints. The child checkpoints per epoch, so a policy by steps checkpoints every epoch. */
    public int checkpointEvery() {
        Integer every = payload.checkpoint().everyEpochs();
        return every == null ? 1 : every;
    }

    /** The encoder architecture: the payload's, else (in a pretraining job) the pretrain section's. */
    public String encoderName() {
        if (payload.encoder() != null) {
            return payload.encoder();
        }
        return JobPayload.required(payload.pretrain(), "encoder or pretrain.encoder").encoder();
    }


    /** The pretrain section of a pretraining job. */
    public PretrainSettings pretrain() {
        return JobPayload.required(payload.pretrain(), "pretrain section");
    }

    /** The finetune section of a finetuning or scratch job. */
    public FinetuneSettings finetune() {
        return JobPayload.required(payload.finetune(), "finetune section");
    }

    /** The evaluate section of an evaluation job. */
    public EvaluateSettings evaluate() {
        return JobPayload.required(payload.evaluate(), "evaluate section");
    }
}
