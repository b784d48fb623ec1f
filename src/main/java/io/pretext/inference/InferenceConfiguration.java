package io.pretext.inference;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.pretext.storage.ArtifactStore;
import io.pretext.web.ProblemResponseWriter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires serving: the model cache (loading checkpoints from the artifact store), metrics, image
 * checks, and the filters that admit requests and cap their bodies.
 */
@Configuration(proxyBeanMethods = false)
class InferenceConfiguration {

    @Bean
    InferenceMetrics inferenceMetrics(MeterRegistry registry) {
        return new InferenceMetrics(registry);
    }

    @Bean(destroyMethod = "close")
    ModelCache modelCache(InferenceProperties properties, ArtifactStore store, JsonMapper json,
            InferenceMetrics metrics, Clock clock) {
        ModelCache cache = new ModelCache(properties.cacheSize().toBytes(),
                version -> TrainedBatchModel.load(store, version, json),
                (version, model) -> {
                    ModelWorker worker = new ModelWorker(version.name() + "-v" + version.version(), model,
                            properties, clock, metrics.listener(version));
                    metrics.admission(version, worker.admission());
                    return worker;
                });
        metrics.cache(cache, ModelCache::size, ModelCache::bytes);
        return cache;
    }

    @Bean
    FilterRegistrationBean<InferenceBodyLimit> inferenceBodyLimit(InferenceProperties properties,
            ProblemResponseWriter problems, JsonMapper json) {
        FilterRegistrationBean<InferenceBodyLimit> registration =
                new FilterRegistrationBean<>(new InferenceBodyLimit(properties, problems, json));
        registration.addUrlPatterns("/v1/models/*", "/v2/models/*");
        return registration;
    }

    /** After the security filters (the model is the caller's tenant's), before the body limit and the routes. */
    @Bean
    FilterRegistrationBean<AdmissionFilter> inferenceAdmission(InferenceService inference,
            ProblemResponseWriter problems, JsonMapper json) {
        FilterRegistrationBean<AdmissionFilter> registration =
                new FilterRegistrationBean<>(new AdmissionFilter(inference, problems, json));
        registration.addUrlPatterns("/v1/models/*", "/v2/models/*");
        registration.setOrder(org.springframework.core.Ordered.LOWEST_PRECEDENCE - 10);
        return registration;
    }

    @Bean
    ImagePreparation imagePreparation(InferenceProperties properties) {
        return new ImagePreparation(properties);
    }
}
