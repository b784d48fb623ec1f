package io.pretext.job;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class JobConfiguration {

    @Bean
    LeasePolicy leasePolicy(@Value("${pretext.jobs.lease:30s}") Duration lease,
            @Value("${pretext.jobs.retry-backoff:5s}") Duration backoff,
            @Value("${pretext.jobs.max-retry-backoff:5m}") Duration maxBackoff) {
        return new LeasePolicy(lease, backoff, maxBackoff);
    }
}
