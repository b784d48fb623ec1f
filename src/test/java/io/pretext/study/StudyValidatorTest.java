package io.pretext.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.pretext.dataset.DatasetCatalog;
import io.pretext.dataset.DatasetFormat;
import io.pretext.dataset.DatasetInfo;
import io.pretext.dataset.Modality;
import io.pretext.experiment.ExperimentSpec;
import io.pretext.web.FieldError;
import io.pretext.web.NotFoundException;
import io.pretext.web.ValidationException;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's bad input, each refused naming its field before any experiment is built (so nothing
 * can be queued): unknown arms, budgets that do not fit the pool, a pool without labels, a test set
 * with other classes, too many experiments, missing datasets. (An empty budget list is the
 * request's annotation: {@code StudyControllerTest}.)
 */
class StudyValidatorTest {

    static final UUID POOL = UUID.fromString(StudyPlannerTest.POOL);
    static final UUID TEST = UUID.fromString(StudyPlannerTest.TEST);
    static final UUID UNLABELED = UUID.fromString(StudyPlannerTest.UNLABELED);
    static final List<String> CLASSES = List.of("cat", "dog");

    final DatasetCatalog catalog = mock(DatasetCatalog.class);
    final StudyValidator validator = new StudyValidator(catalog);

    StudyValidatorTest() {
        dataset(POOL, CLASSES, List.of(30, 25));
        dataset(TEST, CLASSES, List.of(10, 10));
        dataset(UNLABELED, List.of(), List.of());
    }

    @Test
    void a_valid_study_passes() {
        validator.validate(study(List.of("linear", "pixels", "scratch"), List.of(new StudySpec.Budget(25, null)), 3));
    }

    @Test
    void an_unknown_arm_is_named_with_the_known_ones() {
        ValidationException e = refuse(study(List.of("linear", "magic"), budgets(), 3));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("arms[1]");
        assertThat(e.errors().get(0).message()).contains("magic", "pixels", "scratch", "lp-ft", "fixmatch");
    }

    @Test
    void baselines_alone_have_no_experiment_to_ride_on() {
        assertThat(refuse(study(List.of("pixels", "scratch"), budgets(), 3)).errors()).extracting(FieldError::field)
                .containsExactly("arms");
    }

    @Test
    void a_budget_larger_than_the_pool_is_named() {
        ValidationException e = refuse(study(List.of("linear"), List.of(new StudySpec.Budget(10, null),
                new StudySpec.Budget(26, null)), 3));
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("budgets[1].labelsPerClass");
        assertThat(e.errors().get(0).message()).contains("smallest class has 25");
    }

    @Test
    void a_budget_must_be_one_kind() {
        assertThat(refuse(study(List.of("linear"), List.of(new StudySpec.Budget(10, 0.1)), 3)).errors())
                .extracting(FieldError::field).containsExactly("budgets[0]");
    }

    @Test
    void the_same_budget_twice_is_refused() {
        assertThat(refuse(study(List.of("linear"), List.of(new StudySpec.Budget(null, 0.01),
                new StudySpec.Budget(10, null), new StudySpec.Budget(null, 0.010)), 3)).errors())
                .extracting(FieldError::field).containsExactly("budgets[2]");
    }

    @Test
    void a_pool_without_labels_is_refused() {
        dataset(POOL, List.of(), List.of());
        ValidationException e = refuse(study(List.of("linear"), budgets(), 3));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("labeled");
    }

    @Test
    void a_fixmatch_arm_on_a_text_pool_is_refused_naming_arms_and_on_an_audio_pool_accepted() {
        when(catalog.get(POOL)).thenReturn(new DatasetInfo(POOL, "sections", Modality.TEXT,
                DatasetFormat.TEXT_JSONL, 55, 2, CLASSES, List.of(30, 25), true, List.of(), "sha", 640,
                Instant.EPOCH));
        assertThat(refuse(study(List.of("linear", "fixmatch"), budgets(), 3)).errors()).extracting(FieldError::field)
                .containsExactly("arms");
        validator.validate(study(List.of("linear", "pixels"), budgets(), 3));

        when(catalog.get(POOL)).thenReturn(new DatasetInfo(POOL, "words", Modality.AUDIO,
                DatasetFormat.AUDIO_FOLDER_ZIP, 55, 2, CLASSES, List.of(30, 25), true, List.of(16000, 16000), "sha", 640,
                Instant.EPOCH));
        validator.validate(study(List.of("linear", "fixmatch"), budgets(), 3));
    }

    @Test
    void a_test_set_with_other_classes_is_named() {
        dataset(TEST, List.of("cat", "bird"), List.of(10, 10));
        ValidationException e = refuse(study(List.of("linear"), budgets(), 3));
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("test[0]");
        assertThat(e.errors().get(0).message()).contains("bird");
    }

    @Test
    void more_than_500_experiments_are_refused() {
        List<StudySpec.Budget> twenty = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            twenty.add(new StudySpec.Budget(i, null));
        }
        // 20 budgets x 5 arms x 6 seeds = 600
        ValidationException e = refuse(study(List.of("linear", "lp-ft", "full", "pixels", "scratch"), twenty, 6));
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("seeds");
        assertThat(e.errors().get(0).message()).contains("600", "500");
        validator.validate(study(List.of("linear", "lp-ft", "full", "pixels", "scratch"), twenty, 5));
    }

    @Test
    void a_missing_dataset_is_404_naming_its_field() {
        when(catalog.get(TEST)).thenThrow(new NotFoundException("Dataset", TEST));
        ValidationException e = refuse(study(List.of("linear"), budgets(), 3));
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("test[0]");
    }

    @Test
    void pretrain_or_encoder_from_exactly_one() {
        StudySpec both = study(List.of("linear"), budgets(), 3);
        both = new StudySpec(both.name(), both.labeled(), both.test(), both.budgets(), both.arms(), 3, both.pretrain(),
                "00000000-0000-0000-0000-0000000000aa", null, null, null);
        assertThat(refuse(both).errors()).extracting(FieldError::field).containsExactly("encoderFrom");
        StudySpec neither = new StudySpec(both.name(), both.labeled(), both.test(), both.budgets(), both.arms(), 3,
                null, null, null, null, null);
        assertThat(refuse(neither).errors()).extracting(FieldError::field).containsExactly("pretrain");
    }

    @Test
    void tune_rates_without_a_full_arm_is_refused_naming_it() {
        StudySpec linear = withTuneRates(study(List.of("linear", "scratch"), budgets(), 3));
        StudySpec full = withTuneRates(study(List.of("full", "scratch"), budgets(), 3));

        ValidationException e = refuse(linear);

        assertThat(e.status()).isEqualTo(400);
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("finetune.tuneRates");
        validator.validate(full);
    }

    private static StudySpec withTuneRates(StudySpec s) {
        return new StudySpec(s.name(), s.labeled(), s.test(), s.budgets(), s.arms(), s.seeds(), s.pretrain(), null,
                new StudySpec.SharedFinetune(100, null, 32, null, null, null, null, true), null, null);
    }

    @Test
    void experiment_fields_are_renamed_to_the_study_fields_they_came_from() {
        assertThat(StudyErrors.field("finetune.strategy")).isEqualTo("arms");
        assertThat(StudyErrors.field("evaluate.datasets[2]")).isEqualTo("test[2]");
        assertThat(StudyErrors.field("finetune.dataset")).isEqualTo("labeled");
        assertThat(StudyErrors.field("pretrain.method")).isEqualTo("pretrain.method");
        assertThat(StudyErrors.field("finetune.fixmatch.unlabeledDataset")).isEqualTo("finetune.fixmatch.unlabeledDataset");
    }

    private ValidationException refuse(StudySpec study) {
        ValidationException e = catchThrowableOfType(ValidationException.class, () -> validator.validate(study));
        assertThat(e).as("refused").isNotNull();
        return e;
    }

    private static List<StudySpec.Budget> budgets() {
        return List.of(new StudySpec.Budget(5, null), new StudySpec.Budget(null, 0.5));
    }

    private static StudySpec study(List<String> arms, List<StudySpec.Budget> budgets, int seeds) {
        StudySpec base = StudyPlannerTest.study(arms, seeds);
        return new StudySpec(base.name(), base.labeled(), base.test(), budgets, arms, seeds,
                new ExperimentSpec.Pretrain(StudyPlannerTest.UNLABELED, "simclr", null, 1, null, null, null, null, null,
                        null, null, null, null, null, null, null, null, null, null, null, null, null), null, null, null, null);
    }

    private void dataset(UUID id, List<String> classes, List<Integer> counts) {
        when(catalog.get(id)).thenReturn(new DatasetInfo(id, "d", Modality.IMAGE, DatasetFormat.IDX,
                counts.stream().mapToInt(Integer::intValue).sum(), classes.size(), classes, counts, !classes.isEmpty(),
                List.of(1, 8, 8), "sha", 640, Instant.EPOCH));
    }
}
