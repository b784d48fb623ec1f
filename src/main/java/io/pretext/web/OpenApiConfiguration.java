package io.pretext.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document: every operation takes a bearer API key, so Swagger UI's Authorize works. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static final String BEARER = "bearer-key";

    @Bean
    OpenAPI pretextOpenApi(@Value("${pretext.version:dev}") String version) {
        return new OpenAPI()
                .info(new Info().title("Pretext API").version(version)
                        .description("Self-supervised pretraining and finetuning as a service. Authenticate with "
                                + "'Authorization: Bearer <API key>'."))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("API key")
                        .description("A Pretext API key, e.g. ptx_...")))
                .addSecurityItem(new SecurityRequirement().addList(BEARER));
    }
}
