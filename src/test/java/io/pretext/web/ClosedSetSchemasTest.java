package io.pretext.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.junit.jupiter.api.Test;

class ClosedSetSchemasTest {

    @Test
    @SuppressWarnings("rawtypes")
    void alternations_become_shared_named_enums_and_uuid_patterns_a_format() {
        OpenAPI doc = new OpenAPI().components(new Components()
                .addSchemas("A", new ObjectSchema()
                        .addProperty("augmentation", new StringSchema().pattern("strong|weak|none"))
                        .addProperty("dataset", new StringSchema().pattern("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}"))
                        .addProperty("name", new StringSchema().pattern("[a-z0-9][a-z0-9-]{1,62}")))
                .addSchemas("B", new ObjectSchema()
                        .addProperty("augmentation", new StringSchema().pattern("^(strong|weak|none)$"))
                        .addProperty("metrics", new ArraySchema().items(new StringSchema().pattern("a|b")))
                        .addProperty("kind", new StringSchema().pattern("x|y")))
                .addSchemas("C", new ObjectSchema().addProperty("kind", new StringSchema().pattern("x|z"))));

        new ClosedSetSchemas().customise(doc);

        var schemas = doc.getComponents().getSchemas();
        Schema a = schemas.get("A");
        Schema b = schemas.get("B");
        assertThat(((Schema) a.getProperties().get("augmentation")).get$ref())
                .isEqualTo("#/components/schemas/Augmentation")
                .isEqualTo(((Schema) b.getProperties().get("augmentation")).get$ref());
        assertThat(schemas.get("Augmentation").getEnum()).containsExactly("strong", "weak", "none");
        assertThat(((Schema) a.getProperties().get("dataset")).getFormat()).isEqualTo("uuid");
        assertThat(((Schema) a.getProperties().get("dataset")).getPattern()).isNull();
        assertThat(((Schema) a.getProperties().get("name")).getPattern()).isEqualTo("[a-z0-9][a-z0-9-]{1,62}");
        assertThat(((Schema) b.getProperties().get("metrics")).getItems().get$ref())
                .isEqualTo("#/components/schemas/EvaluationMetric");
        // Two different sets under one property name get two names, never one merged enum.
        assertThat(schemas.get("Kind").getEnum()).containsExactly("x", "y");
        assertThat(schemas.get("KindChoice").getEnum()).containsExactly("x", "z");
    }
}
