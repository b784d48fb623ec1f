package io.pretext.study;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import io.pretext.dataset.DatasetCatalog;
import io.pretext.dataset.DatasetInfo;
import io.pretext.training.TrainingMethods;
import io.pretext.web.FieldError;
import io.pretext.web.NotFoundException;
import io.pretext.web.ValidationException;
import org.springframework.stereotype.Component;

/**
 * The study's own rules, checked before any experiment is built: known arms, budgets that fit the
 * labeled pool, test sets with the pool's classes, at most {@link #MAX_EXPERIMENTS} runs, and every
 * dataset present for this tenant (404 naming the field). What each experiment must satisfy besides
 * is the experiment module's ({@link StudyErrors} renames its fields). Thread-safe.
 */
@Component
class StudyValidator {

    /** Budgets × arms × seeds allowed in one study. */
    static final int MAX_EXPERIMENTS = 500;

    private final DatasetCatalog datasets;

    StudyValidator(DatasetCatalog datasets) {
        this.datasets = datasets;
    }

    /** @throws ValidationException 400 naming each field at fault, 404 naming each missing dataset */
    void validate(StudySpec study) {
        List<FieldError> errors = new ArrayList<>();
        List<String> known = new ArrayList<>(StudyPlanner.BASELINES);
        known.addAll(TrainingMethods.get().strategyNames());
        for (int i = 0; i < study.arms().size(); i++) {
            if (!known.contains(study.arms().get(i))) {
                errors.add(new FieldError("arms[" + i + "]", "unknown arm " + study.arms().get(i) + "; one of "
                        + String.join(", ", known)));
            }
        }
        if (errors.isEmpty() && StudyPlanner.finetuneArms(study).isEmpty()) {
            errors.add(new FieldError("arms", "needs at least one finetune strategy: pixels and scratch run beside one"));
        }
        java.util.Set<String> labels = new java.util.HashSet<>();
        for (int i = 0; i < study.budgets().size(); i++) {
            StudySpec.Budget budget = study.budgets().get(i);
            if ((budget.labelsPerClass() == null) == (budget.labelFraction() == null)) {
                errors.add(new FieldError("budgets[" + i + "]", "give labelsPerClass or labelFraction, exactly one"));
            } else if (!labels.add(budget.label())) {
                errors.add(new FieldError("budgets[" + i + "]", "the same budget as an earlier one (" + budget.label()
                        + "): results and model aliases are per budget"));
            }
        }
        if (study.pretrain() != null && study.encoderFrom() != null) {
            errors.add(new FieldError("encoderFrom", "give pretrain or encoderFrom, not both"));
        } else if (study.pretrain() == null && study.encoderFrom() == null) {
            errors.add(new FieldError("pretrain", "give pretrain (a pretraining all arms share) or encoderFrom"));
        }
        if (study.finetune() != null && study.finetune().fixmatch() != null && !study.arms().contains("fixmatch")) {
            errors.add(new FieldError("finetune.fixmatch", "only applies to the fixmatch arm"));
        }
        if (study.finetune() != null && Boolean.TRUE.equals(study.finetune().tuneRates())
                && !study.arms().contains("full")) {
            errors.add(new FieldError("finetune.tuneRates", "only applies to the full arm, which the study does not have"));
        }
        long runs = (long) study.budgets().size() * study.arms().stream().distinct().count()
                * study.seedValues().size();
        if (runs > MAX_EXPERIMENTS) {
            errors.add(new FieldError("seeds", study.budgets().size() + " budgets x " + study.arms().size()
                    + " arms x " + study.seedValues().size() + " seeds = " + runs + " experiments; at most "
                    + MAX_EXPERIMENTS + " in one study"));
        }
        throwIf(400, errors);

        List<FieldError> missing = new ArrayList<>();
        DatasetInfo pool = find(study.labeled(), "labeled", missing);
        List<DatasetInfo> tests = new ArrayList<>();
        for (int i = 0; i < study.test().size(); i++) {
            tests.add(find(study.test().get(i), "test[" + i + "]", missing));
        }
        if (study.pretrain() != null) {
            find(study.pretrain().dataset(), "pretrain.dataset", missing);
        }
        throwIf(404, missing);

        if (!pool.labeled()) {
            throwIf(400, List.of(new FieldError("labeled", "dataset " + pool.id() + " has no labels")));
        }
        if (study.arms().contains("fixmatch") && pool.modality() == io.pretext.dataset.Modality.TEXT) {
            // Its experiments would be refused one by one after the study was accepted.
            errors.add(new FieldError("arms", "the fixmatch arm applies to image and audio datasets only; the labeled pool "
                    + "holds " + pool.modality().value()));
        }
        for (int i = 0; i < tests.size(); i++) {
            DatasetInfo test = tests.get(i);
            if (!test.labeled()) {
                errors.add(new FieldError("test[" + i + "]", "dataset " + test.id() + " has no labels"));
            } else if (!test.classes().equals(pool.classes())) {
                errors.add(new FieldError("test[" + i + "]", "its classes " + test.classes()
                        + " differ from the labeled pool's " + pool.classes()));
            }
        }
        int smallestClass = pool.classCounts().isEmpty() ? 0 : Collections.min(pool.classCounts());
        for (int i = 0; i < study.budgets().size(); i++) {
            Integer perClass = study.budgets().get(i).labelsPerClass();
            if (perClass != null && perClass > smallestClass) {
                errors.add(new FieldError("budgets[" + i + "].labelsPerClass", perClass
                        + " labels per class exceed the labeled pool: its smallest class has " + smallestClass));
            }
        }
        throwIf(400, errors);
    }

    private DatasetInfo find(String id, String field, List<FieldError> missing) {
        try {
            return datasets.get(UUID.fromString(id));
        } catch (NotFoundException e) {
            missing.add(new FieldError(field, "dataset " + id + " not found"));
            return null;
        }
    }

    private static void throwIf(int status, List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ValidationException(status, "Invalid study: " + errors.size() + " problem(s)", errors);
        }
    }
}
