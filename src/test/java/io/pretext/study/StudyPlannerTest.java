package io.pretext.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.pretext.experiment.ExperimentSpec;
import org.junit.jupiter.api.Test;

/** How a study expands into experiment specs. */
class StudyPlannerTest {

    static final String POOL = "00000000-0000-0000-0000-000000000001";
    static final String TEST = "00000000-0000-0000-0000-000000000002";
    static final String UNLABELED = "00000000-0000-0000-0000-000000000003";

    static StudySpec study(List<String> arms, int seeds) {
        return new StudySpec("fmnist", POOL, List.of(TEST),
                List.of(new StudySpec.Budget(10, null), new StudySpec.Budget(null, 0.01)), arms, seeds,
                new ExperimentSpec.Pretrain(UNLABELED, "simclr", null, 1, null, null, null, null, null, null, null,
                        null, null, null, null, null, null, null, null, null, null, null),
                null, new StudySpec.SharedFinetune(100, null, 32, null, null, 0.2, null, null), null, null);
    }

    @Test
    void one_experiment_per_budget_seed_and_finetune_arm_with_the_baselines_beside_one() {
        List<StudyPlanner.Run> runs = StudyPlanner.runs(study(List.of("fixmatch", "pixels", "lp-ft", "scratch"), 2));

        assertThat(runs).hasSize(2 * 2 * 2);
        assertThat(runs).filteredOn(StudyPlanner.Run::pretraining).containsExactly(runs.get(0));
        assertThat(runs).filteredOn(r -> r.arm().equals("lp-ft"))
                .allSatisfy(r -> assertThat(r.baselines()).containsExactly("pixels", "scratch"));
        assertThat(runs).filteredOn(r -> r.arm().equals("fixmatch"))
                .allSatisfy(r -> assertThat(r.baselines()).as("FixMatch never carries the scratch baseline").isEmpty());
        assertThat(runs).extracting(r -> r.seed()).containsExactly(1L, 1L, 1L, 1L, 2L, 2L, 2L, 2L);
    }

    @Test
    void every_arm_at_a_budget_and_seed_asks_for_the_same_labeled_split() {
        StudySpec study = study(List.of("linear", "lp-ft", "pixels"), 3);
        String pretraining = "00000000-0000-0000-0000-0000000000aa";
        for (StudyPlanner.Run run : StudyPlanner.runs(study)) {
            ExperimentSpec spec = StudyPlanner.spec(study, run, pretraining);
            // The split is a function of the dataset, the budget, the validation share and the seed.
            assertThat(spec.seed()).isEqualTo(run.seed());
            assertThat(spec.finetune().dataset()).isEqualTo(POOL);
            assertThat(spec.finetune().validationFraction()).isEqualTo(0.2);
            assertThat(spec.finetune().labelsPerClass()).isEqualTo(study.budgets().get(run.budgetIndex()).labelsPerClass());
            assertThat(spec.finetune().labelFraction()).isEqualTo(study.budgets().get(run.budgetIndex()).labelFraction());
            assertThat(spec.finetune().strategy()).isEqualTo(run.arm());
            assertThat(spec.finetune().steps()).isEqualTo(100);
            assertThat(spec.evaluate().datasets()).containsExactly(TEST);
            assertThat(spec.baselines()).isEqualTo(run.baselines());
            if (run.pretraining()) {
                assertThat(spec.pretrain().dataset()).isEqualTo(UNLABELED);
                assertThat(spec.finetune().encoderFrom()).isNull();
            } else {
                assertThat(spec.pretrain()).isNull();
                assertThat(spec.finetune().encoderFrom()).isEqualTo(pretraining);
            }
        }
    }

    @Test
    void budgets_have_short_stable_labels_and_names_stay_within_200_characters() {
        assertThat(new StudySpec.Budget(10, null).label()).isEqualTo("10-per-class");
        assertThat(new StudySpec.Budget(null, 0.01).label()).isEqualTo("1pct");
        assertThat(new StudySpec.Budget(null, 0.005).label()).isEqualTo("0.5pct");
        assertThat(new StudySpec.Budget(null, 1.0).label()).isEqualTo("100pct");
        assertThat(new StudySpec.Budget(null, 0.07).label()).isEqualTo("7pct");
        StudySpec study = study(List.of("linear"), 1);
        StudySpec long200 = new StudySpec("x".repeat(200), POOL, study.test(), study.budgets(), study.arms(), 1,
                study.pretrain(), null, null, null, null);
        String name = StudyPlanner.spec(long200, StudyPlanner.runs(long200).get(0), null).name();
        assertThat(name).hasSize(200).endsWith(" 10-per-class linear seed 1");
    }

    @Test
    void tune_rates_reaches_the_full_arm_only() {
        StudySpec base = study(List.of("full", "linear", "scratch"), 1);
        StudySpec study = new StudySpec(base.name(), base.labeled(), base.test(), base.budgets(), base.arms(), 1,
                base.pretrain(), null, new StudySpec.SharedFinetune(100, null, 32, null, null, 0.2, null, true), null,
                null);

        List<ExperimentSpec> specs = StudyPlanner.runs(study).stream().map(run -> StudyPlanner.spec(study, run, null))
                .toList();

        assertThat(specs).filteredOn(spec -> spec.finetune().strategy().equals("full"))
                .hasSize(2).allSatisfy(spec -> assertThat(spec.finetune().tuneRates()).isTrue());
        assertThat(specs).filteredOn(spec -> !spec.finetune().strategy().equals("full"))
                .isNotEmpty().allSatisfy(spec -> assertThat(spec.finetune().tuneRates()).isNull());
    }
}
