package io.pretext.training.job;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.pretext.training.TrainingRequest;
import io.pretext.training.checkpoint.Checkpoints;
import io.pretext.training.child.RunContext;
import io.pretext.training.loop.DivergenceCheck;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.Optimization;
import io.pretext.training.loop.ProgressReporter;
import io.pretext.training.loop.TrainingListener;
import io.pretext.training.loop.TrainingMetrics;

/**
 * The steps every training job takes, whatever it trains: seed the engine, initialise the
 * objective, resume from a checkpoint (or load the plan's starting weights), build the optimizer at
 * the resumed global step and restore its state, run the loop with the listeners
 * {@code [divergence check, training metrics, the job's own..., checkpoint and report]}, and turn
 * the loop's outcome into an exit code. Stateless.
 */
final class TrainingSkeleton {

    /** How often a child reports where it is: the worker passes its heartbeat interval. */
    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(Long.getLong("pretext.progressMillis", 5000));

    private TrainingSkeleton() {
    }

    static int run(RunContext context, TrainingPlan plan) throws Exception {
        TrainingRequest request = context.request();
        Engine.getInstance().setRandomSeed((int) context.seed());
        try (NDManager manager = NDManager.newBaseManager()) {
            plan.objective().initialize(manager, plan.inputShape());
            if (request.resumeFrom() != null) {
                Checkpoints.loadAll(context.store(), request.resumeFrom(), plan.objective().checkpointBlocks(),
                        manager);
                Checkpoints.loadMethodState(context.store(), request.resumeFrom(), plan.objective(), manager);
            } else {
                plan.initialWeights().load(manager);
            }
            int stepsPerEpoch = plan.source().stepsPerEpoch();
            if (context.resumeStep() > 0 && context.resumeStep() >= stepsPerEpoch) {
                throw new IllegalStateException("checkpoint " + request.resumeFrom() + " was taken at step "
                        + context.resumeStep() + " of an epoch, but an epoch now has " + stepsPerEpoch + " steps");
            }
            Optimization optimization = plan.optimization().create(stepsPerEpoch,
                    stepsPerEpoch * request.resumeEpoch() + context.resumeStep());
            if (request.resumeFrom() != null) {
                Checkpoints.loadOptimizer(context.store(), request.resumeFrom(), optimization, manager);
            }
            CheckpointWriter writer = new CheckpointWriter(context, plan.datasetSha256(), plan.card().get(),
                    plan.files(), plan.objective(), optimization);
            List<TrainingListener> listeners = new ArrayList<>();
            listeners.add(new DivergenceCheck()); // first: no listener sees a diverged step
            listeners.add(new TrainingMetrics(optimization, plan.source().samplesPerEpoch()));
            listeners.addAll(plan.listeners().create(manager, optimization));
            listeners.add(new ProgressReporter(context.events()::send, System::nanoTime, PROGRESS_INTERVAL,
                    plan.epochs(), stepsPerEpoch, (double) plan.source().samplesPerEpoch() / stepsPerEpoch));
            // Last: the checkpoint's meta and the epoch event carry every metric the others added.
            listeners.add(new EpochReport(context, writer, plan.epochs()));
            if (context.checkpointEverySteps() > 0) {
                listeners.add(new StepCheckpoint(writer, optimization, context.checkpointEverySteps(),
                        stepsPerEpoch));
            }
            EpochLoop loop = new EpochLoop(plan.objective(), optimization, context.control(), manager,
                    context.seed());
            return EpochReport.exitCode(context, loop.run(plan.source(), request.resumeEpoch() + 1,
                    context.resumeStep(), plan.epochs(), listeners));
        }
    }
}
