package io.pretext.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.pretext.job.JobState;
import io.pretext.job.JobView;
import io.pretext.training.JobKind;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class BaselineComparisonsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TRAIN = "00000000-0000-0000-0000-000000000001";
    private static final String TEST = "00000000-0000-0000-0000-000000000002";
    private static final String OTHER = "00000000-0000-0000-0000-000000000003";

    private final JobView finetune = job(JobKind.FINETUNE);
    private final JobView scratch = job(JobKind.SCRATCH);
    private final JobView pixels = job(JobKind.PIXELS);
    private final JobView finetuneEvaluation = job(JobKind.EVALUATE, finetune.id());
    private final JobView scratchEvaluation = job(JobKind.EVALUATE, scratch.id());
    private final List<JobView> jobs = List.of(finetune, finetuneEvaluation, pixels, scratch, scratchEvaluation);

    @Test
    void each_dataset_and_metric_gets_the_three_scores_and_the_gains_over_both_baselines() {
        ExperimentSpec spec = spec("[\"accuracy\", \"macro-f1\"]");
        Map<UUID, Map<String, Double>> metrics = Map.of(
                finetuneEvaluation.id(), Map.of("accuracy/" + TEST, 0.84, "macroF1/" + TEST, 0.83,
                        "accuracy/" + OTHER, 0.5),
                scratchEvaluation.id(), Map.of("accuracy/" + TEST, 0.80, "macroF1/" + TEST, 0.70),
                pixels.id(), Map.of("accuracy/" + TEST, 0.78, "macroF1/" + TEST, 0.88, "validationAccuracy", 0.9));

        List<BaselineComparison> rows = BaselineComparisons.of(spec, jobs, metrics);

        assertThat(rows).extracting(BaselineComparison::dataset, BaselineComparison::metric).containsExactly(
                tuple(TEST, "accuracy"), tuple(TEST, "macroF1"),
                tuple(OTHER, "accuracy"), tuple(OTHER, "macroF1"));
        BaselineComparison accuracy = rows.get(0);
        assertThat(List.of(accuracy.finetuned(), accuracy.scratch(), accuracy.pixels())).containsExactly(0.84, 0.80, 0.78);
        assertThat(accuracy.gainOverScratch()).isCloseTo(0.04, within(1e-12));
        assertThat(accuracy.gainOverPixels()).isCloseTo(0.06, within(1e-12));
        assertThat(rows.get(1).gainOverPixels()).as("a baseline that did better gives a negative gain")
                .isCloseTo(-0.05, within(1e-12));
        assertThat(rows).extracting(BaselineComparison::best).as("the highest score wins; unknown until finetuned is in")
                .containsExactly("finetuned", "pixels", "finetuned", null);
        BaselineComparison other = rows.get(2);
        assertThat(other.finetuned()).isEqualTo(0.5);
        assertThat(other.scratch()).as("not reported yet").isNull();
        assertThat(other.gainOverScratch()).isNull();
        assertThat(other.gainOverPixels()).isNull();
    }

    @Test
    void the_scores_of_each_side_come_from_its_own_job() {
        // The scratch job's epoch metrics must not be read as its evaluation's.
        Map<UUID, Map<String, Double>> metrics = Map.of(scratch.id(), Map.of("accuracy/" + TEST, 0.99),
                pixels.id(), Map.of("accuracy/" + TEST, 0.7));

        BaselineComparison row = BaselineComparisons.of(spec(null), jobs, metrics).get(0);

        assertThat(row.scratch()).isNull();
        assertThat(row.finetuned()).isNull();
        assertThat(row.pixels()).isEqualTo(0.7);
        assertThat(row.best()).isNull();
    }

    @Test
    void the_summary_says_in_one_sentence_who_won_and_by_how_many_points() {
        assertThat(BaselineComparison.of(TEST, "accuracy", 0.7408, 0.7125, 0.6531).named("fmnist-test").summary())
                .isEqualTo("The finetuned model beat scratch by 2.8 points in accuracy on fmnist-test (74.1 % against "
                        + "71.3 %); the pixels floor scored 65.3 %.");
        assertThat(BaselineComparison.of(TEST, "macroF1", 0.70, 0.72, null).summary())
                .isEqualTo("The finetuned model lost to scratch by 2.0 points in macro-F1 on " + TEST
                        + " (70.0 % against 72.0 %).");
        assertThat(BaselineComparison.of(TEST, "accuracy", 0.8, null, 0.75).summary())
                .startsWith("The finetuned model beat the pixels floor by 5.0 points").endsWith("no scratch baseline ran.");
        assertThat(BaselineComparison.of(TEST, "accuracy", 0.8, 0.8, null).summary()).contains("tied with scratch");
        assertThat(BaselineComparison.of(TEST, "accuracy", null, 0.8, 0.7).summary()).as("finetuned not in yet").isNull();
        assertThat(BaselineComparison.of(TEST, "accuracy", 0.8, null, null).summary()).as("no baseline in yet").isNull();
    }

    @Test
    void a_tie_goes_to_the_finetuned_model_and_a_better_scratch_wins() {
        assertThat(BaselineComparison.of(TEST, "accuracy", 0.8, 0.8, 0.8).best()).isEqualTo("finetuned");
        assertThat(BaselineComparison.of(TEST, "accuracy", 0.8, 0.81, 0.5).best()).isEqualTo("scratch");
        assertThat(BaselineComparison.of(TEST, "accuracy", 0.8, null, 0.5).named("test set").datasetName())
                .isEqualTo("test set");
    }

    @Test
    void without_an_evaluate_section_or_a_finetune_there_is_nothing_to_compare() {
        ExperimentSpec noEvaluate = SpecDefaults.apply(JSON.readValue("""
                {"name": "n", "finetune": {"dataset": "%s"}}""".formatted(TRAIN), ExperimentSpec.class));

        assertThat(BaselineComparisons.of(noEvaluate, jobs, Map.of())).isEmpty();
    }

    @Test
    void only_the_metrics_asked_for_are_compared_and_accuracy_when_neither_is() {
        assertThat(BaselineComparisons.of(spec("[\"macro-f1\"]"), jobs, Map.of()))
                .extracting(BaselineComparison::metric).containsOnly("macroF1");
        assertThat(BaselineComparisons.of(spec("[\"knn\"]"), jobs, Map.of()))
                .extracting(BaselineComparison::metric).containsOnly("accuracy");
    }

    private static ExperimentSpec spec(String metrics) {
        return SpecDefaults.apply(JSON.readValue("""
                {"name": "c", "finetune": {"dataset": "%s"}, "evaluate": {"datasets": ["%s", "%s"]%s}}"""
                .formatted(TRAIN, TEST, OTHER, metrics == null ? "" : ", \"metrics\": " + metrics),
                ExperimentSpec.class));
    }

    private static JobView job(JobKind kind, UUID... dependsOn) {
        return new JobView(UUID.randomUUID(), UUID.randomUUID(), kind, JobState.SUCCEEDED, 0, 1, 3, List.of(dependsOn),
                null, null, null, Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, null, null);
    }
}
