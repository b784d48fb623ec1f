package io.pretext.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Lets request bodies report all their unknown fields at once ({@link UnknownFields}). */
@Configuration(proxyBeanMethods = false)
class RequestJsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer collectUnknownFields() {
        return builder -> builder.addHandler(new UnknownFields());
    }
}
