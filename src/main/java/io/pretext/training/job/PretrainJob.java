package io.pretext.training.job;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import io.pretext.training.PretrainSettings;
import io.pretext.training.child.RunContext;
import io.pretext.training.data.BatchSource;
import io.pretext.training.data.ShuffledStream;
import io.pretext.training.eval.KnnListener;
import io.pretext.training.eval.KnnMonitor;
import io.pretext.training.eval.KnnSetup;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.method.Objective;

/**
 * A self-supervised pretraining job: builds the spec's method (an image pretext task, or masked
 * language modelling for text), trains it on every sample of the (unlabeled) dataset, reports
 * loss, learning rate, samples/s and, when the spec names labeled data, kNN accuracy every
 * {@code knnEvery} epochs; checkpoints encoder, heads, momentum target and a text model's tokenizer.
 */
public final class PretrainJob {

    private final RunContext context;

    public PretrainJob(RunContext context) {
        this.context = context;
    }

    public int run() throws Exception {
        PretrainSettings spec = context.pretrain();
        Pretraining setup = Pretraining.of(context, spec);
        Objective objective = setup.objective();
        KnnMonitor monitor = KnnSetup.monitor(context, setup.knnData());
        int knnEvery = spec.knnEvery();
        int epochs = spec.epochs();
        BatchSource source = new ShuffledStream(setup.data(), IntStream.range(0, setup.data().size()).toArray(),
                spec.batchSize(), context.seed(), setup.stream(), false);
        return TrainingSkeleton.run(context, new TrainingPlan(objective, setup.inputShape(), source, epochs,
                setup.data().sha256(), setup.card(), setup.files(), TrainingPlan.InitialWeights.NONE,
                (stepsPerEpoch, firstStep) -> new Optimization(objective.trainable(),
                        spec.optimizer(),
                        new LearningRateSchedule(spec.schedule(), spec.optimizer().lr(), stepsPerEpoch * epochs),
                        Set.of(), 1, firstStep),
                (manager, optimization) -> monitor == null ? List.<TrainingListener>of()
                        : List.of(new KnnListener(monitor, objective.encoder(), setup.views(), manager, knnEvery,
                                epochs))));
    }
}
