package io.pretext.web;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Turns validation patterns into what a generated client understands: a closed set written as
 * {@code @Pattern(regexp = "sgd|adam|adamw")} becomes a named, shared enum schema (one per set,
 * named after the property, e.g. {@code OptimizerType}), and a UUID pattern becomes
 * {@code format: uuid}. Works on the assembled document (bean validation adds patterns after
 * property customizers run). Stateless.
 */
@Component
class ClosedSetSchemas implements OpenApiCustomizer {

    private static final Pattern ALTERNATION = Pattern.compile("\\^?\\(?([A-Za-z0-9_-]+(?:\\|[A-Za-z0-9_-]+)+)\\)?\\$?");
    private static final String UUID_HEX = "[0-9a-fA-F]{8}-";

    /** Schema names for properties whose own name says too little. */
    private static final Map<String, String> NAMES = Map.of(
            "type", "OptimizerType",
            "schedule", "LearningRateSchedule",
            "baseline", "BaselineChoice",
            "baselines", "Baseline",
            "metrics", "EvaluationMetric",
            "metric", "ComparisonMetric",
            "pooling", "TextPooling",
            "best", "ComparisonArm");

    @Override
    @SuppressWarnings({"rawtypes", "unchecked"})
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, List<String>> sets = new TreeMap<>();
        openApi.getComponents().getSchemas().values().forEach(schema -> {
            Map<String, Schema> properties = schema.getProperties();
            if (properties != null) {
                properties.replaceAll((name, property) -> closed(property, name, sets));
            }
        });
        if (openApi.getPaths() != null) {
            openApi.getPaths().values().forEach(item -> item.readOperations().forEach(op -> {
                if (op.getParameters() != null) {
                    op.getParameters().forEach(p -> p.setSchema(closed(p.getSchema(), p.getName(), sets)));
                }
            }));
        }
        sets.forEach((name, values) -> {
            StringSchema schema = new StringSchema();
            values.forEach(schema::addEnumItem);
            openApi.getComponents().addSchemas(name, schema);
        });
    }

    @SuppressWarnings("rawtypes")
    private static Schema closed(Schema schema, String propertyName, Map<String, List<String>> sets) {
        if (schema == null) {
            return null;
        }
        if (schema.getItems() != null) {
            schema.setItems(closed(schema.getItems(), propertyName, sets));
            return schema;
        }
        String pattern = schema.getPattern();
        if (pattern == null) {
            return schema;
        }
        if (pattern.contains(UUID_HEX)) {
            schema.setPattern(null);
            schema.setFormat("uuid");
            return schema;
        }
        Matcher matcher = ALTERNATION.matcher(pattern);
        if (!matcher.matches()) {
            return schema;
        }
        List<String> values = Arrays.asList(matcher.group(1).split("\\|"));
        String name = NAMES.getOrDefault(propertyName,
                Character.toUpperCase(propertyName.charAt(0)) + propertyName.substring(1));
        List<String> known = sets.putIfAbsent(name, values);
        if (known != null && !known.equals(values)) {
            name = name + "Choice";
            sets.putIfAbsent(name, values);
        }
        Schema ref = new Schema<>().$ref("#/components/schemas/" + name);
        ref.setDescription(schema.getDescription());
        return ref;
    }
}
