package io.pretext.security;

import io.pretext.web.ProblemResponseWriter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Registers {@link TenantMetricsFilter} on the metrics routes only, after Spring Security's
 * filters. A configuration rather than a component so that web test slices do not pick the filter
 * up without the services it needs.
 */
@Configuration(proxyBeanMethods = false)
class TenantMetricsConfiguration {

    @Bean
    FilterRegistrationBean<TenantMetricsFilter> tenantMetricsFilter(TenantService tenants,
            ProblemResponseWriter problems) {
        FilterRegistrationBean<TenantMetricsFilter> registration =
                new FilterRegistrationBean<>(new TenantMetricsFilter(tenants, problems));
        registration.addUrlPatterns(TenantMetricsFilter.PROMETHEUS, TenantMetricsFilter.METER + "*");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE);
        return registration;
    }
}
