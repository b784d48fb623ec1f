package io.pretext.web;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Makes the OpenAPI document say what the server really does, for generated clients: every error
 * code of every operation is {@code application/problem+json} with the {@link ProblemSchemas
 * Problem} schema (the codes any route can send are added, a route declares its own extras with
 * {@code @ApiResponse(responseCode = "409", description = ...)}), images and archives are binary,
 * nothing is {@code *}{@code /*}, and Jackson or Spring internals are not published. Thread-safe
 * (springdoc calls it once per document build).
 */
@Component
class ApiContractCustomizer implements OpenApiCustomizer {

    private static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    /** What each code means when the route does not say more. */
    private static final Map<String, String> ERRORS = Map.of(
            "400", "Invalid request: the problem's errors name each invalid field or parameter",
            "401", "No API key, or an unknown or revoked one (WWW-Authenticate: Bearer)",
            "403", "The API key lacks the scope this route needs",
            "404", "No such resource in the caller's tenant",
            "413", "The request is larger than the configured limit",
            "415", "Unsupported Content-Type for this route",
            "429", "Too many failed authentications from this client; retry after Retry-After seconds",
            "500", "Unexpected error; the detail quotes a reference for the server's logs");

    /** Types that must never appear in the document: internals replaced by real schemas. */
    private static final List<String> INTERNAL_SCHEMAS = List.of("ProblemDetail", "StreamingResponseBody",
            "SseEmitter", "JsonNode");

    @Override
    public void customise(OpenAPI openApi) {
        ProblemSchemas.register(openApi);
        if (openApi.getPaths() != null) {
            openApi.getPaths().values().forEach(item -> item.readOperations().forEach(this::customise));
        }
        if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
            INTERNAL_SCHEMAS.forEach(openApi.getComponents().getSchemas()::remove);
        }
    }

    private void customise(Operation operation) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        boolean isPublic = operation.getSecurity() != null && operation.getSecurity().isEmpty();
        add(responses, "400", "404", "500");
        if (!isPublic) {
            add(responses, "401", "403", "429");
        }
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            add(responses, "415");
            if (operation.getRequestBody().getContent().containsKey("multipart/form-data")) {
                add(responses, "413");
            }
            fixContent(operation.getRequestBody().getContent());
        }
        Map<String, ApiResponse> sorted = new TreeMap<>(responses);
        ApiResponses ordered = new ApiResponses();
        sorted.forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5")) {
                problem(code, response);
            } else if (response.getContent() != null) {
                response.setContent(fixContent(response.getContent()));
            }
            ordered.addApiResponse(code, response);
        });
        operation.setResponses(ordered);
    }

    private static void add(ApiResponses responses, String... codes) {
        for (String code : codes) {
            responses.computeIfAbsent(code, c -> new ApiResponse().description(ERRORS.get(c)));
        }
    }

    private static void problem(String code, ApiResponse response) {
        if (response.getDescription() == null || response.getDescription().isBlank()) {
            response.setDescription(ERRORS.getOrDefault(code, "Error"));
        }
        response.setContent(new Content().addMediaType(PROBLEM_JSON, new MediaType().schema(ProblemSchemas.ref())));
        if (code.equals("429") || code.equals("503")) {
            response.addHeaderObject("Retry-After", new Header().description("Seconds to wait before retrying")
                    .schema(new IntegerSchema()));
        }
    }

    /** {@code *}{@code /*} becomes JSON; images, archives and octet streams become binary strings. */
    private static Content fixContent(Content content) {
        Content fixed = new Content();
        content.forEach((type, media) -> {
            String real = type.equals("*/*") ? "application/json" : type;
            if (real.startsWith("image/") || real.endsWith("zip") || real.equals("application/octet-stream")) {
                media.setSchema(binary());
            }
            fixed.addMediaType(real, media);
        });
        content.clear();
        content.putAll(fixed);
        return content;
    }

    @SuppressWarnings("rawtypes")
    private static Schema binary() {
        return new StringSchema().format("binary");
    }
}
