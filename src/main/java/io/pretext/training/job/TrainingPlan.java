package io.pretext.training.job;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.pretext.training.ModelCard;
import io.pretext.training.data.BatchSource;
import io.pretext.training.loop.Optimization;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.method.Objective;

/**
 * What a training job plugs into {@link TrainingSkeleton}: the objective and its input shape, the
 * batches, the run's length, the provenance each checkpoint records, the starting weights of a
 * fresh run, the optimizer and the job's own listeners. Immutable (its parts need not be).
 *
 * @param card the model card, built after the objective is initialised
 * @param files what each checkpoint carries besides parameters
 * @param initialWeights loads the starting weights of a run that does not resume (e.g. a pretrained encoder)
 * @param listeners the job's evaluations and hooks, run after the training metrics and before the checkpoint
 */
record TrainingPlan(Objective objective, Shape inputShape, BatchSource source, int epochs, String datasetSha256,
        Supplier<ModelCard> card, Map<String, byte[]> files, InitialWeights initialWeights,
        OptimizationFactory optimization, ListenerFactory listeners) {

    /** Loads starting weights into the initialised objective. */
    interface InitialWeights {
        InitialWeights NONE = manager -> { };

        void load(NDManager manager) throws IOException;
    }

    /** The optimizer for {@code stepsPerEpoch} steps an epoch, starting at global step {@code firstStep}. */
    interface OptimizationFactory {
        Optimization create(int stepsPerEpoch, int firstStep);
    }

    /** The job's listeners, in order. */
    interface ListenerFactory {
        List<TrainingListener> create(NDManager manager, Optimization optimization);
    }
}
