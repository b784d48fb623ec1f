package io.pretext.experiment;

import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.Map;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.PropertyCustomizer;
import org.springframework.stereotype.Component;

/**
 * Shows every {@link Registered} property of the OpenAPI document (the spec's
 * {@code pretrain.method}, {@code pretrain.encoder}, {@code finetune.strategy}) as a named, shared
 * enum schema ({@code TrainingMethod}, {@code EncoderName}, {@code FinetuneStrategy}) of the names
 * the training registry holds, so that the document lists what this build accepts, service-loaded
 * methods included. Thread-safe.
 */
@Component
class RegisteredNamesOpenApi implements PropertyCustomizer, OpenApiCustomizer {

    /** The schema name of each kind of registered name. */
    static final Map<Registered.Kind, String> SCHEMAS = Map.of(Registered.Kind.METHOD, "TrainingMethod",
            Registered.Kind.ENCODER, "EncoderName", Registered.Kind.STRATEGY, "FinetuneStrategy");

    @Override
    @SuppressWarnings("rawtypes")
    public Schema customize(Schema property, AnnotatedType type) {
        Annotation[] annotations = type.getCtxAnnotations();
        if (annotations == null) {
            return property;
        }
        return Arrays.stream(annotations).filter(Registered.class::isInstance).map(Registered.class::cast).findFirst()
                .<Schema>map(registered -> new Schema<>().$ref("#/components/schemas/" + SCHEMAS.get(registered.value())))
                .orElse(property);
    }

    @Override
    public void customise(OpenAPI openApi) {
        SCHEMAS.forEach((kind, name) -> {
            StringSchema schema = new StringSchema();
            RegisteredNameValidator.names(kind).forEach(schema::addEnumItem);
            openApi.getComponents().addSchemas(name, schema);
        });
    }
}
