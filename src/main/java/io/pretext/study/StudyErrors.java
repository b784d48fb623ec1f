package io.pretext.study;

import java.util.List;
import java.util.Map;

import io.pretext.web.FieldError;
import io.pretext.web.ValidationException;

/**
 * Renames the fields of an experiment's validation errors to the study fields they came from
 * ({@code finetune.strategy} is an arm, {@code evaluate.datasets[0]} a test set), so a study's
 * 400/404/409 names what the user wrote. Stateless.
 */
final class StudyErrors {

    private static final Map<String, String> RENAMED = Map.of(
            "finetune.dataset", "labeled",
            "finetune.strategy", "arms",
            "finetune.labelsPerClass", "budgets",
            "finetune.labelFraction", "budgets",
            "finetune.encoderFrom", "encoderFrom",
            "evaluate.datasets", "test",
            "baselines", "arms");

    private StudyErrors() {
    }

    static ValidationException renamed(ValidationException e) {
        List<FieldError> errors = e.errors().stream().map(f -> new FieldError(field(f.field()), f.message())).toList();
        return new ValidationException(e.status(), "Invalid study: " + errors.size() + " problem(s)", errors);
    }

    static String field(String experimentField) {
        for (Map.Entry<String, String> rename : RENAMED.entrySet()) {
            String from = rename.getKey();
            if (experimentField.equals(from) || experimentField.startsWith(from + "[")) {
                return rename.getValue() + experimentField.substring(from.length());
            }
        }
        return experimentField;
    }
}
