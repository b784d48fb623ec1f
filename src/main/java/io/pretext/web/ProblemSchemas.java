package io.pretext.web;

import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;

/**
 * The {@code Problem} and {@code FieldError} schemas of the OpenAPI document: RFC 9457 problem
 * details as {@link Problems}, {@link ProblemResponseWriter} and {@link ProblemErrorController}
 * send them, with the top-level {@code errors} list of {@link FieldError}s. Stateless.
 */
final class ProblemSchemas {

    static final String PROBLEM = "Problem";
    static final String FIELD_ERROR = "FieldError";

    private ProblemSchemas() {
    }

    /** A reference to the problem schema. */
    @SuppressWarnings("rawtypes")
    static Schema ref() {
        return new Schema<>().$ref("#/components/schemas/" + PROBLEM);
    }

    /** Adds both schemas to the document's components. */
    static void register(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.components(new io.swagger.v3.oas.models.Components());
        }
        openApi.getComponents().addSchemas(FIELD_ERROR, new ObjectSchema()
                .description("One invalid input: a body field (pretrain.optimizer.lr), a parameter, a part or an "
                        + "archive entry")
                .addProperty("field", new StringSchema().description("The field, parameter or entry at fault"))
                .addProperty("message", new StringSchema().description("What is wrong with it"))
                .required(List.of("field", "message")));
        openApi.getComponents().addSchemas(PROBLEM, new ObjectSchema()
                .description("An error (RFC 9457 problem details), sent as application/problem+json")
                .addProperty("type", new StringSchema().format("uri-reference")
                        .description("Always about:blank: the status says what kind of problem it is"))
                .addProperty("title", new StringSchema().description("The HTTP reason phrase, e.g. Not Found"))
                .addProperty("status", new IntegerSchema().description("The HTTP status code"))
                .addProperty("detail", new StringSchema().description("What went wrong, for a human"))
                .addProperty("instance", new StringSchema().format("uri-reference")
                        .description("The request path, when the server knows it"))
                .addProperty("path", new StringSchema()
                        .description("The request path of an error raised outside a route (e.g. a 413)"))
                .addProperty("errors", new ArraySchema().items(new Schema<>().$ref("#/components/schemas/"
                        + FIELD_ERROR)).description("One entry per invalid field, for validation errors"))
                .required(List.of("type", "title", "status")));
    }
}
