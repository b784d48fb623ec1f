package io.pretext.experiment;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * The annotated string, when present, is a name the training registry
 * ({@link io.pretext.training.TrainingMethods}) knows as {@link #value()}; the message lists the
 * names it knows. Null is valid (the defaults fill it in).
 */
@Documented
@Constraint(validatedBy = RegisteredNameValidator.class)
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface Registered {

    /** Which registry the name belongs to. */
    Kind value();

    /** Replaced by the list of valid names. */
    String message() default "must be a registered name";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** The kinds of names a spec takes from the registry. */
    enum Kind {
        /** {@code pretrain.method}: registered methods, and reserved names (rejected later with their reason). */
        METHOD,
        /** {@code pretrain.encoder}. */
        ENCODER,
        /** {@code finetune.strategy}. */
        STRATEGY
    }
}
