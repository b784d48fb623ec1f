package io.pretext.training.child;

import java.io.IOException;
import java.util.Optional;

import io.pretext.dataset.DatasetReader;
import io.pretext.storage.ArtifactStore;
import io.pretext.training.EvaluateSettings;
import io.pretext.training.FinetuneSettings;
import io.pretext.training.JobPayload;
import io.pretext.training.PretrainSettings;
import io.pretext.training.TrainingRequest;
import io.pretext.training.checkpoint.ResumePoint;
import io.pretext.training.checkpoint.TrainingPosition;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every kind of training job works with: its request and parsed, checked payload, the
 * artifact store, the event channel to the supervisor and its control requests. The section
 * accessors throw {@link IllegalArgumentException} naming what is missing (a permanent failure of
 * the job). Immutable.
 *
 * @param request the supervisor's request, except that its {@code resumeFrom} and {@code resumeEpoch}
 *     name the checkpoint the run really resumes from ({@link ResumePoint}: a newer step checkpoint
 *     than the supervisor's epoch checkpoint, when there is one)
 * @param resumeStep the steps of epoch {@code resumeEpoch + 1} that checkpoint has already taken
 *     (0 for an epoch checkpoint or a fresh start)
 */
public record RunContext(TrainingRequest request, JobPayload payload, ArtifactStore store, ChildEvents events,
        ChildControl control, JsonMapper json, int resumeStep) {

    /**
     * Parses and checks the payload and finds where to resume.
     *
     * @throws IllegalArgumentException when the payload is malformed
     */
    public static RunContext of(TrainingRequest request, ArtifactStore store, ChildEvents events, ChildControl control,
            JsonMapper json) throws IOException {
        JobPayload payload = JobPayload.parse(request.payload());
        Optional<ResumePoint> resume = request.checkpointPrefix() == null ? Optional.empty()
                : ResumePoint.find(store, request.checkpointPrefix(), request.resumeFrom(), request.resumeEpoch(), json);
        TrainingRequest resolved = request;
        int step = 0;
        if (resume.isPresent() && !resume.get().prefix().equals(request.resumeFrom())) {
            TrainingPosition at = resume.get().position();
            System.err.println("Resuming from step checkpoint " + resume.get().prefix() + " (epoch "
                    + (at.epochsDone() + 1) + ", step " + at.stepInEpoch() + ")");
            resolved = new TrainingRequest(request.jobId(), request.attempt(), request.kind(), request.payload(),
                    request.storage(), request.dataDir(), request.checkpointPrefix(), resume.get().prefix(),
                    at.epochsDone(), request.inputFrom(), request.codeVersion());
            step = at.stepInEpoch();
        }
        return new RunContext(resolved, payload, store, events, control, json, step);
    }

    public DatasetReader datasets() {
        return new DatasetReader(store, json);
    }

    public long seed() {
        return payload.seed();
    }

    /** Epochs between checkpoints: the policy's, else (a policy by steps alone) every epoch. */
    public int checkpointEvery() {
        Integer every = payload.checkpoint().everyEpochs();
        return every == null ? 1 : every;
    }

    /** Optimizer steps between step checkpoints, or 0 when the policy takes none. */
    public int checkpointEverySteps() {
        Integer every = payload.checkpoint().everySteps();
        return every == null ? 0 : every;
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
