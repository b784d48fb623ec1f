package io.pretext.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.pretext.core.PretextProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Tags every meter with {@code application} and {@code role} (e.g. {@code api+worker}), so one
 * Prometheus can tell API and worker processes of several deployments apart.
 */
@Configuration(proxyBeanMethods = false)
class CommonTagsConfiguration {

    @Bean
    MeterRegistryCustomizer<MeterRegistry> pretextCommonTags(PretextProperties properties,
            @Value("${spring.application.name:pretext}") String application) {
        return registry -> registry.config().commonTags("application", application, "role", properties.rolesTag());
    }
}
