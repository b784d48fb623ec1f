package io.pretext.web;

import java.util.List;

import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document: every operation takes a bearer API key, so Swagger UI's Authorize works;
 * {@code servers} is relative (or {@code pretext.openapi.server-url}) so the document does not name
 * whichever host fetched it. {@link ApiContractCustomizer} adds what generated clients need.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "bearer-key";

    static {
        // Java enums become named, shared schemas (JobState, Scope, DatasetFormat...) instead of
        // inline copies, so a generated client has one type per closed set.
        ModelResolver.enumsAsRef = true;
        SpringDocUtils.getConfig()
                .replaceWithSchema(JsonNode.class, new ObjectSchema().additionalProperties(true)
                        .description("Free-form JSON object"))
                .replaceWithSchema(SseEmitter.class, new StringSchema())
                .replaceWithSchema(StreamingResponseBody.class, new StringSchema().format("binary"));
    }

    @Bean
    OpenAPI pretextOpenApi(@Value("${pretext.version:dev}") String version,
            @Value("${pretext.openapi.server-url:/}") String serverUrl) {
        return new OpenAPI()
                .info(new Info().title("Pretext API").version(version)
                        .description("Self-supervised pretraining and finetuning as a service. Authenticate with "
                                + "'Authorization: Bearer <API key>'. Every error is application/problem+json "
                                + "(schema Problem), with one entry per invalid field under 'errors'."))
                .servers(List.of(new Server().url(serverUrl)))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("API key")
                        .description("A Pretext API key, e.g. ptx_...")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
