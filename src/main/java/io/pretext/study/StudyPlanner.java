package io.pretext.study;

import java.util.ArrayList;
import java.util.List;

import io.pretext.experiment.ExperimentSpec;

/**
 * Expands a study into its experiments. Per (budget, seed): one experiment per finetune arm, each
 * finetuning the shared pretrained encoder; the {@code pixels} and {@code scratch} arms ride as
 * that group's {@code baselines} beside one finetune arm's experiment (the first that is not
 * FixMatch), since a baseline is an experiment's companion job, not an experiment of its own. Every
 * experiment of a group carries the group's seed, label budget and validation share, so all arms
 * draw the same labeled split. The very first experiment also holds the pretraining (when the study
 * pretrains); the others name it in {@code encoderFrom} and wait for it. Stateless.
 */
final class StudyPlanner {

    static final String PIXELS = "pixels";
    static final String SCRATCH = "scratch";
    static final List<String> BASELINES = List.of(PIXELS, SCRATCH);
    private static final String FIXMATCH = "fixmatch";

    private StudyPlanner() {
    }

    /**
     * One experiment to submit.
     *
     * @param arm the finetune strategy it trains
     * @param baselines the baseline arms beside it (sorted), often empty
     * @param pretraining whether it holds the study's pretraining
     */
    record Run(int budgetIndex, long seed, String arm, List<String> baselines, boolean pretraining) {

        /** Every arm whose score this experiment reports. */
        List<String> arms() {
            List<String> all = new ArrayList<>(List.of(arm));
            all.addAll(baselines);
            return all;
        }
    }

    /** The finetune arms, in the order given, distinct. */
    static List<String> finetuneArms(StudySpec study) {
        return study.arms().stream().filter(a -> !BASELINES.contains(a)).distinct().toList();
    }

    /** The baseline arms asked for, sorted. */
    static List<String> baselineArms(StudySpec study) {
        return study.arms().stream().filter(BASELINES::contains).distinct().sorted().toList();
    }

    /** The experiments, seeds outermost, so every budget has a first seed's numbers early. */
    static List<Run> runs(StudySpec study) {
        List<String> finetunes = finetuneArms(study);
        if (finetunes.isEmpty()) {
            return List.of();
        }
        String carrier = finetunes.stream().filter(a -> !FIXMATCH.equals(a)).findFirst().orElse(finetunes.get(0));
        List<Run> runs = new ArrayList<>();
        for (long seed : study.seedValues()) {
            for (int b = 0; b < study.budgets().size(); b++) {
                for (String arm : finetunes) {
                    boolean first = runs.isEmpty();
                    runs.add(new Run(b, seed, arm, arm.equals(carrier) ? baselineArms(study) : List.of(),
                            first && study.pretrain() != null));
                }
            }
        }
        return runs;
    }

    /**
     * The experiment spec of {@code run}.
     *
     * @param encoderFrom the experiment holding the pretraining (null for the run that holds it)
     */
    static ExperimentSpec spec(StudySpec study, Run run, String encoderFrom) {
        StudySpec.Budget budget = study.budgets().get(run.budgetIndex());
        StudySpec.SharedFinetune shared = study.finetune() == null
                ? new StudySpec.SharedFinetune(null, null, null, null, null, null, null, null) : study.finetune();
        ExperimentSpec.Finetune finetune = new ExperimentSpec.Finetune(study.labeled(), budget.labelFraction(),
                budget.labelsPerClass(), shared.validationFraction(), run.arm(), shared.epochs(), shared.batchSize(),
                shared.lr(), shared.augmentation(), null, null, null, run.pretraining() ? null : encoderFrom, null,
                shared.steps(), FIXMATCH.equals(run.arm()) ? shared.fixmatch() : null,
                "full".equals(run.arm()) ? shared.tuneRates() : null);
        return new ExperimentSpec(name(study, run), run.seed(), study.priority(), study.maxRestarts(), null,
                run.pretraining() ? study.pretrain() : null, finetune,
                new ExperimentSpec.Evaluate(study.test(), List.of("accuracy", "macro-f1")), null, run.baselines());
    }

    /** {@code <study> <budget> <arm> seed <n>}, within an experiment name's 200 characters. */
    private static String name(StudySpec study, Run run) {
        String suffix = " " + study.budgets().get(run.budgetIndex()).label() + " " + run.arm() + " seed " + run.seed();
        String base = study.name().trim();
        return base.substring(0, Math.max(0, Math.min(base.length(), 200 - suffix.length()))) + suffix;
    }
}
