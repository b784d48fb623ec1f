package io.pretext.experiment;

import java.util.List;

import io.pretext.training.TrainingMethods;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * Checks a {@link Registered} name against {@link TrainingMethods}; a wrong name's message reads
 * "must be one of a, b, c". Thread-safe.
 */
public final class RegisteredNameValidator implements ConstraintValidator<Registered, String> {

    private Registered.Kind kind;

    @Override
    public void initialize(Registered annotation) {
        kind = annotation.value();
    }

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null) {
            return true;
        }
        List<String> names = names(kind);
        if (names.contains(value) || kind == Registered.Kind.METHOD && TrainingMethods.reserved(value).isPresent()) {
            return true;
        }
        context.disableDefaultConstraintViolation();
        // Registered names are lower-case words and hyphens: nothing the message interpolation would read.
        context.buildConstraintViolationWithTemplate("must be one of " + String.join(", ", names))
                .addConstraintViolation();
        return false;
    }

    /** The names a spec may give for {@code kind}, in the registry's order. */
    static List<String> names(Registered.Kind kind) {
        TrainingMethods registry = TrainingMethods.get();
        return switch (kind) {
            case METHOD -> registry.methodNames();
            case ENCODER -> TrainingMethods.encoders();
            case STRATEGY -> registry.strategyNames();
        };
    }
}
