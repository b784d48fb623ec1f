package io.pretext.experiment;

import java.lang.annotation.Annotation;
import java.util.Arrays;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.stereotype.Component;

/**
 * Shows every {@link Registered} property of the OpenAPI document (the spec's
 * {@code pretrain.method}, {@code pretrain.encoder}, {@code finetune.strategy}) as an enum of the
 * names the training registry holds, so that the document lists what this build accepts,
 * service-loaded methods included. Thread-safe.
 */
@Component
class RegisteredNamesOpenApi implements PropertyCustomizer {

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public Schema customize(Schema property, AnnotatedType type) {
        Annotation[] annotations = type.getCtxAnnotations();
        if (annotations == null) {
            return property;
        }
        Arrays.stream(annotations).filter(Registered.class::isInstance).map(Registered.class::cast).findFirst()
                .ifPresent(registered -> property.setEnum(RegisteredNameValidator.names(registered.value())));
        return property;
    }
}
