package io.pretext.training.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDManager;
import io.pretext.training.ChildEvent;
import io.pretext.training.PretrainSettings;
import io.pretext.training.child.RunContext;
import io.pretext.training.data.AudioData;
import io.pretext.training.data.BatchSource;
import io.pretext.training.data.Shuffle;
import io.pretext.training.data.TrainingData;
import io.pretext.training.data.ShuffledStream;
import io.pretext.training.eval.BatchNormListener;
import io.pretext.training.eval.BatchNormRecalibration;
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
 * {@code knnEvery} epochs, with the random encoder's and the raw inputs' (pixels, log-mel) kNN accuracy as epoch 0;
 * recalibrates the encoder's BatchNorm statistics on clean inputs before each evaluation and
 * checkpoint; checkpoints encoder, heads, momentum target and a text model's tokenizer.
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
        BatchSource source = setup.source() != null ? setup.source() : new ShuffledStream(setup.data(),
                IntStream.range(0, setup.data().size()).toArray(), spec.batchSize(), context.seed(), setup.stream(),
                false);
        return TrainingSkeleton.run(context, new TrainingPlan(objective, setup.inputShape(), source, epochs,
                setup.data().sha256(), setup.card(), setup.files(), setup.initialWeights(),
                (stepsPerEpoch, firstStep) -> new Optimization(objective.trainable(),
                        spec.optimizer(),
                        new LearningRateSchedule(spec.schedule(), spec.optimizer().lr(), stepsPerEpoch * epochs),
                        Set.of(), 1, firstStep),
                (manager, optimization) -> listeners(setup, monitor, manager, knnEvery, epochs)));
    }

    /**
     * BatchNorm recalibration first (unless the method locks the encoder, whose statistics must stay
     * as loaded), so that kNN, the method's listeners and the checkpoint after them see clean-image
     * statistics.
     */
    private List<TrainingListener> listeners(Pretraining setup, KnnMonitor monitor, NDManager manager, int knnEvery,
            int epochs) {
        List<TrainingListener> listeners = new ArrayList<>();
        if (setup.recalibrate()) {
            int[] order = Shuffle.permutation(setup.data().size(), new Random(context.seed() + 2));
            listeners.add(new BatchNormListener(setup.objective().encoder(), setup.views(), setup.data(),
                    Arrays.copyOf(order, Math.min(order.length, BatchNormRecalibration.SAMPLES)), manager));
        }
        if (monitor != null) {
            listeners.add(new KnnListener(monitor, setup.objective().encoder(), setup.views(), manager, knnEvery,
                    epochs, metrics -> context.events().send(new ChildEvent.Epoch(0, metrics)),
                    setup.data() instanceof TrainingData.ImageData || setup.data() instanceof AudioData));
        }
        listeners.addAll(setup.listeners().create(manager));
        return listeners;
    }
}
