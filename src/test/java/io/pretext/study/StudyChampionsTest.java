package io.pretext.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pretext.experiment.BaselineComparison;
import io.pretext.experiment.ExperimentView;
import io.pretext.job.JobState;
import io.pretext.job.JobView;
import io.pretext.training.JobKind;
import org.junit.jupiter.api.Test;

/** Which model a finished study registers per budget. */
class StudyChampionsTest {

    final List<StudyStore.Link> links = new ArrayList<>();
    final List<ExperimentView> views = new ArrayList<>();

    @Test
    void the_best_arm_by_mean_and_its_best_seed_never_pixels() {
        // Budget 0: pixels 0.9 (not servable), lp-ft mean 0.80 (seeds 0.78, 0.82), linear 0.75.
        // Budget 1: scratch 0.85 beats both finetune arms.
        StudySpec spec = spec();
        for (StudyPlanner.Run run : StudyPlanner.runs(spec)) {
            double finetuned = run.budgetIndex() == 0 ? (run.arm().equals("lp-ft") ? (run.seed() == 1 ? 0.78 : 0.82) : 0.75)
                    : 0.70;
            double scratch = run.budgetIndex() == 0 ? 0.60 : (run.seed() == 1 ? 0.86 : 0.84);
            add(run, finetuned, scratch, 0.9);
        }
        StudyService.Loaded study = new StudyService.Loaded(
                new StudyStore.StudyRow(UUID.randomUUID(), UUID.randomUUID(), "s", "{}", "sha", Instant.EPOCH), spec,
                links, views);

        List<StudyChampions.Champion> champions = StudyChampions.of(study, StudyTables.results(study,
                StudyViews.view(study)));

        assertThat(champions).extracting(StudyChampions.Champion::alias)
                .containsExactly("labels-10-per-class", "labels-0_5pct");
        StudyChampions.Champion first = champions.get(0);
        assertThat(first.arm()).isEqualTo("lp-ft");
        assertThat(first.seed()).isEqualTo(2);
        assertThat(first.jobId()).isEqualTo(job(first.experimentId(), JobKind.FINETUNE));
        StudyChampions.Champion second = champions.get(1);
        assertThat(second.arm()).isEqualTo("scratch");
        assertThat(second.seed()).isEqualTo(1);
        assertThat(second.jobId()).isEqualTo(job(second.experimentId(), JobKind.SCRATCH));
    }

    private static StudySpec spec() {
        StudySpec base = StudyPlannerTest.study(List.of("linear", "lp-ft", "pixels", "scratch"), 2);
        return new StudySpec("s", base.labeled(), base.test(), List.of(new StudySpec.Budget(10, null),
                new StudySpec.Budget(null, 0.005)), base.arms(), 2, base.pretrain(), null, null, null, null);
    }

    private void add(StudyPlanner.Run run, double finetuned, double scratch, double pixels) {
        UUID id = UUID.randomUUID();
        List<JobView> jobs = new ArrayList<>();
        jobs.add(job(id, JobKind.FINETUNE, JobState.SUCCEEDED));
        if (!run.baselines().isEmpty()) {
            jobs.add(job(id, JobKind.SCRATCH, JobState.SUCCEEDED));
            jobs.add(job(id, JobKind.PIXELS, JobState.SUCCEEDED));
        }
        links.add(new StudyStore.Link(id, run));
        views.add(new ExperimentView(id, "e", JobState.SUCCEEDED, null, jobs, Instant.EPOCH, List.of(
                BaselineComparison.of(StudyPlannerTest.TEST, "accuracy", finetuned,
                        run.baselines().isEmpty() ? null : scratch, run.baselines().isEmpty() ? null : pixels))));
    }

    private UUID job(UUID experiment, JobKind kind) {
        return views.stream().filter(v -> v.id().equals(experiment)).findFirst().orElseThrow().jobs().stream()
                .filter(j -> j.kind() == kind).findFirst().orElseThrow().id();
    }

    private static JobView job(UUID experiment, JobKind kind, JobState state) {
        return new JobView(UUID.randomUUID(), experiment, kind, state, 0, 1, 3, List.of(), null, null, null,
                Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, null, null);
    }

    @Test
    void aliases_are_valid_names() {
        assertThat(StudyChampions.alias("1pct")).isEqualTo("labels-1pct");
        assertThat(StudyChampions.alias("12.5pct")).isEqualTo("labels-12_5pct");
        assertThat(Map.of("a", io.pretext.model.ModelPublisher.validAlias(StudyChampions.alias("0.5pct"))))
                .containsEntry("a", true);
    }
}
