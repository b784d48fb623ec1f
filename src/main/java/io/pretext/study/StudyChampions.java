package io.pretext.study;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import io.pretext.experiment.ExperimentView;
import io.pretext.job.JobState;
import io.pretext.job.JobView;
import io.pretext.training.JobKind;

/**
 * Which model a finished study registers at each budget: the arm with the best mean headline test
 * accuracy among those that train a servable network (every arm but {@code pixels}), and of that
 * arm the seed with the best headline accuracy; its finetune job (or, for {@code scratch}, the
 * scratch baseline job beside it). The alias is {@code labels-<budget>} ({@code labels-1pct},
 * {@code labels-10-per-class}). Stateless.
 */
final class StudyChampions {

    /** The model to register for one budget. */
    record Champion(String budget, String alias, String arm, long seed, UUID experimentId, UUID jobId) {
    }

    private StudyChampions() {
    }

    static List<Champion> of(StudyService.Loaded study, StudyResults results) {
        List<Champion> champions = new ArrayList<>();
        for (int b = 0; b < study.spec().budgets().size(); b++) {
            String budget = study.spec().budgets().get(b).label();
            StudyResults.StudyCell best = null;
            for (StudyResults.StudyCell cell : results.cells()) {
                if (cell.budget().equals(budget) && cell.test().equals(results.headline())
                        && cell.metric().equals("accuracy") && cell.mean() != null
                        && !cell.arm().equals(StudyPlanner.PIXELS) && (best == null || cell.mean() > best.mean())) {
                    best = cell;
                }
            }
            if (best == null) {
                continue;
            }
            StudyResults.SeedScore seed = best.seeds().stream()
                    .max(java.util.Comparator.comparingDouble(StudyResults.SeedScore::value)).orElseThrow();
            champion(study, b, budget, best.arm(), seed.seed()).ifPresent(champions::add);
        }
        return champions;
    }

    private static Optional<Champion> champion(StudyService.Loaded study, int budgetIndex, String budget, String arm,
            long seed) {
        boolean scratch = arm.equals(StudyPlanner.SCRATCH);
        for (int i = 0; i < study.links().size(); i++) {
            StudyPlanner.Run run = study.links().get(i).run();
            if (run.budgetIndex() == budgetIndex && run.seed() == seed
                    && (scratch ? run.baselines().contains(arm) : run.arm().equals(arm))) {
                ExperimentView experiment = study.views().get(i);
                JobKind kind = scratch ? JobKind.SCRATCH : JobKind.FINETUNE;
                return experiment.jobs().stream().filter(j -> j.kind() == kind && j.state() == JobState.SUCCEEDED)
                        .map(JobView::id).findFirst()
                        .map(job -> new Champion(budget, alias(budget), arm, seed, experiment.id(), job));
            }
        }
        return Optional.empty();
    }

    /** {@code labels-<budget>}, with what an alias may not hold ({@code .} of {@code 0.5pct}) as {@code _}. */
    static String alias(String budget) {
        return ("labels-" + budget).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "_");
    }
}
