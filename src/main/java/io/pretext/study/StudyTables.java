package io.pretext.study;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.pretext.experiment.BaselineComparison;
import io.pretext.experiment.ExperimentView;

/**
 * Builds a study's {@link StudyResults} from its experiments' baseline comparisons: a finetune
 * experiment's {@code finetuned} score is its arm's, its {@code scratch} and {@code pixels} scores
 * the baseline arms' it carries. Cells in the order of the study's budgets, arms, test sets and
 * metrics ({@code accuracy}, {@code macroF1}). Stateless.
 */
final class StudyTables {

    static final List<String> METRICS = List.of("accuracy", "macroF1");

    private StudyTables() {
    }

    static StudyResults results(StudyService.Loaded study, StudyView view) {
        StudySpec spec = study.spec();
        // (budget, arm, test, metric) -> seed -> score
        Map<String, Map<Long, Double>> scores = new LinkedHashMap<>();
        for (int i = 0; i < study.links().size(); i++) {
            StudyPlanner.Run run = study.links().get(i).run();
            ExperimentView experiment = study.views().get(i);
            for (BaselineComparison row : experiment.comparison()) {
                put(scores, run, run.arm(), row, row.finetuned());
                if (run.baselines().contains(StudyPlanner.SCRATCH)) {
                    put(scores, run, StudyPlanner.SCRATCH, row, row.scratch());
                }
                if (run.baselines().contains(StudyPlanner.PIXELS)) {
                    put(scores, run, StudyPlanner.PIXELS, row, row.pixels());
                }
            }
        }
        List<String> arms = spec.arms().stream().distinct().toList();
        List<StudyResults.StudyCell> cells = new ArrayList<>();
        List<StudyResults.StudyGain> gains = new ArrayList<>();
        List<StudyResults.StudyVerdict> verdicts = new ArrayList<>();
        for (int b = 0; b < spec.budgets().size(); b++) {
            String budget = spec.budgets().get(b).label();
            for (String test : spec.test()) {
                for (String metric : METRICS) {
                    for (String arm : arms) {
                        Map<Long, Double> bySeed = scores.getOrDefault(key(b, arm, test, metric), Map.of());
                        PairedStats.Summary s = PairedStats.summary(new ArrayList<>(new TreeMap<>(bySeed).values()));
                        cells.add(new StudyResults.StudyCell(budget, arm, test, metric, s.n(), s.mean(), s.std(),
                                new TreeMap<>(bySeed).entrySet().stream()
                                        .map(e -> new StudyResults.SeedScore(e.getKey(), e.getValue())).toList()));
                        if (!arm.equals(StudyPlanner.SCRATCH) && arms.contains(StudyPlanner.SCRATCH)) {
                            gains.add(gain(scores, b, budget, arm, StudyPlanner.SCRATCH, test, metric));
                        }
                    }
                }
            }
            verdicts.add(verdict(scores, b, budget, arms, spec.test().get(0)));
        }
        return new StudyResults(view.id(), view.state(), spec.test().get(0), cells, gains, verdicts);
    }

    private static StudyResults.StudyVerdict verdict(Map<String, Map<Long, Double>> scores, int b, String budget,
            List<String> arms, String headline) {
        String best = null;
        Double bestMean = null;
        for (String arm : arms) {
            Double mean = PairedStats.summary(new ArrayList<>(
                    scores.getOrDefault(key(b, arm, headline, "accuracy"), Map.of()).values())).mean();
            if (mean != null && (bestMean == null || mean > bestMean)) {
                best = arm;
                bestMean = mean;
            }
        }
        if (best == null) {
            return new StudyResults.StudyVerdict(budget, null, null, null, null,
                    "At " + budget + ": no results yet.");
        }
        StudyResults.StudyGain overScratch = best.equals(StudyPlanner.SCRATCH) || !arms.contains(StudyPlanner.SCRATCH)
                ? null : gain(scores, b, budget, best, StudyPlanner.SCRATCH, headline, "accuracy");
        StudyResults.StudyGain overPixels = best.equals(StudyPlanner.PIXELS) || !arms.contains(StudyPlanner.PIXELS)
                ? null : gain(scores, b, budget, best, StudyPlanner.PIXELS, headline, "accuracy");
        return new StudyResults.StudyVerdict(budget, best, bestMean, overScratch, overPixels,
                StudyVerdicts.summary(budget, best, bestMean, overScratch, overPixels));
    }

    private static StudyResults.StudyGain gain(Map<String, Map<Long, Double>> scores, int b, String budget,
            String arm, String over, String test, String metric) {
        PairedStats.Difference d = PairedStats.paired(scores.getOrDefault(key(b, arm, test, metric), Map.of()),
                scores.getOrDefault(key(b, over, test, metric), Map.of()));
        return new StudyResults.StudyGain(budget, arm, over, test, metric, d.n(), d.mean(), d.low(), d.high(),
                d.excludesZero(), d.note());
    }

    private static void put(Map<String, Map<Long, Double>> scores, StudyPlanner.Run run, String arm,
            BaselineComparison row, Double value) {
        if (value != null) {
            scores.computeIfAbsent(key(run.budgetIndex(), arm, row.dataset(), row.metric()), k -> new TreeMap<>())
                    .put(run.seed(), value);
        }
    }

    private static String key(int budget, String arm, String test, String metric) {
        return budget + "|" + arm + "|" + test + "|" + metric;
    }
}
