package io.pretext.training;

import io.pretext.storage.ArtifactStore;
import tools.jackson.databind.json.JsonMapper;

/** One training job in the child JVM: hands the request to the job of its kind. */
final class TrainingRun {

    private final RunContext context;

    TrainingRun(TrainingRequest request, ArtifactStore store, ChildEvents events, ChildControl control,
            JsonMapper json) {
        this.context = new RunContext(request, json.readTree(request.payload()), store, events, control, json);
    }

    int run() throws Exception {
        return switch (context.request().kind()) {
            case "PRETRAIN" -> new PretrainJob(context).run();
            case "FINETUNE", "SCRATCH" -> new SupervisedJob(context).run();
            case "EVALUATE" -> new EvaluateJob(context).run();
            default -> throw new UnsupportedOperationException("job kind " + context.request().kind()
                    + " is not supported");
        };
    }
}
