package io.pretext.training.child;

import java.io.IOException;

import io.pretext.storage.ArtifactStore;
import io.pretext.training.TrainingRequest;
import io.pretext.training.job.EvaluateJob;
import io.pretext.training.job.FixMatchJob;
import io.pretext.training.job.PixelsJob;
import io.pretext.training.job.PretrainJob;
import io.pretext.training.job.SupervisedJob;
import io.pretext.training.method.FixMatchStrategy;
import tools.jackson.databind.json.JsonMapper;

/**
 * One training job in the child JVM: parses and checks the payload once (a malformed one is an
 * {@link IllegalArgumentException}, a permanent failure), finds the checkpoint to resume from
 * ({@link RunContext#of}) and hands the request to the job of its kind.
 */
public final class TrainingRun {

    private final RunContext context;

    public TrainingRun(TrainingRequest request, ArtifactStore store, ChildEvents events, ChildControl control,
            JsonMapper json) throws IOException {
        this.context = RunContext.of(request, store, events, control, json);
    }

    public int run() throws Exception {
        return switch (context.request().kind()) {
            case PRETRAIN -> new PretrainJob(context).run();
            case FINETUNE -> FixMatchStrategy.NAME.equals(context.finetune().strategy()) ? new FixMatchJob(context).run()
                    : new SupervisedJob(context).run();
            case SCRATCH -> new SupervisedJob(context).run();
            case EVALUATE -> new EvaluateJob(context).run();
            case PIXELS -> new PixelsJob(context).run();
        };
    }
}
