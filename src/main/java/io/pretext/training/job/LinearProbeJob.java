package io.pretext.training.job;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import io.pretext.training.FinetuneSettings;
import io.pretext.training.child.RunContext;
import io.pretext.training.eval.Evaluation;
import io.pretext.training.eval.LogisticProbe;
import io.pretext.training.loop.EpochLoop;
import io.pretext.training.loop.LearningRateSchedule;
import io.pretext.training.loop.Optimization;
import io.pretext.training.method.Classification;

/**
 * The {@code linear} strategy's whole job: no gradient steps, one epoch that fits the probe
 * ({@link ProbeFit}) on the (pretrained) encoder's features, writes it into the head and reports
 * it as a checkpoint of epoch 1 with {@code validationAccuracy} (the network's, which classifies as
 * the probe does), {@code trainAccuracy} and {@code probeC}. A resumed attempt fits again (the fit
 * is deterministic). Stateless.
 */
final class LinearProbeJob {

    private static final int BATCH = 256;

    private LinearProbeJob() {
    }

    static int run(RunContext context, Supervision setup, Classification objective,
            TrainingPlan.InitialWeights weights) throws Exception {
        FinetuneSettings spec = context.finetune();
        Engine.getInstance().setRandomSeed((int) context.seed());
        try (NDManager manager = NDManager.newBaseManager()) {
            objective.initialize(manager, setup.inputShape());
            weights.load(manager);
            objective.stages().trainFrom(objective.stages().layers());
            LogisticProbe probe = ProbeFit.fitInto(objective, setup.views(), setup.data(), setup.split(), manager);
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put("trainAccuracy", Evaluation.accuracy(objective.network(), setup.views(), manager,
                    setup.data(), setup.split().train(), BATCH));
            if (setup.split().validation().length > 0) {
                metrics.put("validationAccuracy", Evaluation.accuracy(objective.network(), setup.views(), manager,
                        setup.data(), setup.split().validation(), BATCH));
            }
            metrics.putAll(probeMetrics(probe));
            System.err.println("linear probe: C " + probe.c() + " chosen from validation accuracies "
                    + probe.validationAccuracy());
            // Nothing trains, but a checkpoint carries an optimizer state (here an empty one).
            Optimization optimization = new Optimization(objective.trainable(), spec.optimizer(),
                    new LearningRateSchedule("constant", spec.lr().head(), 1), Set.of(), 1.0, 0);
            new EpochReport(context, new CheckpointWriter(context, setup.data().sha256(),
                    setup.card().apply(setup.encoder()), setup.files(), objective, optimization), 1)
                    .onEpoch(1, metrics);
            return EpochReport.exitCode(context, EpochLoop.Outcome.COMPLETED);
        }
    }

    /** {@code probeC} (the chosen inverse L2 strength) and {@code probeValidationAccuracy} (LIBLINEAR's own). */
    static Map<String, Double> probeMetrics(LogisticProbe probe) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("probeC", probe.c());
        Double accuracy = probe.validationAccuracy().get(probe.c());
        if (accuracy != null) {
            metrics.put("probeValidationAccuracy", accuracy);
        }
        return metrics;
    }
}
