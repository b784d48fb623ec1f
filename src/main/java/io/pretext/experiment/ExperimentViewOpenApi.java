package io.pretext.experiment;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Marks the fields every {@link ExperimentView} carries as required in the OpenAPI document (the
 * other view records say so with {@code @Schema(requiredProperties)}); kept apart from the record
 * so that the view can change without touching the contract. Stateless.
 */
@Component
class ExperimentViewOpenApi implements OpenApiCustomizer {

    static final List<String> ALWAYS_PRESENT = List.of("id", "name", "state", "spec", "jobs", "createdAt");

    @Override
    @SuppressWarnings("rawtypes")
    public void customise(OpenAPI openApi) {
        Schema view = openApi.getComponents() == null || openApi.getComponents().getSchemas() == null ? null
                : openApi.getComponents().getSchemas().get("ExperimentView");
        if (view == null || view.getProperties() == null) {
            return;
        }
        ALWAYS_PRESENT.stream().filter(view.getProperties()::containsKey).forEach(view::addRequiredItem);
    }
}
