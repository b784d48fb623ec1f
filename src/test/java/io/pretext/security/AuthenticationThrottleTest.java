package io.pretext.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Optional;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pretext.job.MutableClock;
import io.pretext.web.ProblemResponseWriter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Repeated wrong keys from one client are slowed down; time comes from a settable clock. */
@WebMvcTest(value = KeysController.class, properties = {
    "pretext.security.auth-throttle.max-failures=5", "pretext.security.auth-throttle.window=1m"})
@Import({SecurityConfiguration.class, ProblemResponseWriter.class, CurrentTenant.class})
class AuthenticationThrottleTest {

    static final String VALID = "ptx_valid-secret-for-throttle-test";

    @TestConfiguration
    static class Time {
        @Bean
        @Primary
        MutableClock mutableClock() {
            return new MutableClock(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
        }

        @Bean
        @Primary
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Autowired
    MockMvcTester mvc;

    @Autowired
    MutableClock clock;

    @Autowired
    MeterRegistry meters;

    @MockitoBean
    TenantService tenants;

    @MockitoBean
    ApiKeyService keys;

    @BeforeEach
    void keys() {
        when(keys.verify(anyString())).thenReturn(Optional.empty());
        when(tenants.get(any())).thenReturn(new Tenant(UUID.randomUUID(), "acme", Instant.EPOCH));
        when(keys.verify(VALID)).thenReturn(Optional.of(new ApiKeyPrincipal(UUID.randomUUID(), UUID.randomUUID(),
                EnumSet.of(Scope.READ))));
    }

    @Test
    void after_repeated_failures_a_client_gets_429_with_retry_after_until_the_window_passes() {
        for (int i = 0; i < 5; i++) {
            assertThat(call("ptx_wrong-guess-" + i, "10.0.0.1")).hasStatus(401);
        }

        MvcTestResult throttled = call("ptx_wrong-guess-x", "10.0.0.1");
        MvcTestResult validWhileThrottled = call(VALID, "10.0.0.1");

        assertThat(throttled).hasStatus(429).hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
                .hasHeader("Retry-After", "60");
        assertThat(throttled).bodyJson().extractingPath("$.detail").asString().contains("Too many");
        assertThat(validWhileThrottled).hasStatus(429);
        assertThat(call(VALID, "10.0.0.2")).hasStatus(200);
        assertThat(meters.get("pretext.auth.failures").tag("outcome", "invalid").counter().count()).isEqualTo(5);
        assertThat(meters.get("pretext.auth.failures").tag("outcome", "throttled").counter().count()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(45));
        assertThat(call(VALID, "10.0.0.1")).hasStatus(429).hasHeader("Retry-After", "15");

        clock.advance(Duration.ofSeconds(15));
        assertThat(call(VALID, "10.0.0.1")).hasStatus(200);
        assertThat(call("ptx_wrong-guess-y", "10.0.0.1")).hasStatus(401);
    }

    @Test
    void requests_without_a_key_do_not_count_as_failures() {
        for (int i = 0; i < 10; i++) {
            assertThat(mvc.get().uri("/v1/me").with(r -> {
                r.setRemoteAddr("10.0.0.3");
                return r;
            })).hasStatus(401);
        }

        assertThat(call(VALID, "10.0.0.3")).hasStatus(200);
    }

    private MvcTestResult call(String key, String client) {
        return mvc.get().uri("/v1/me").header("Authorization", "Bearer " + key).with(r -> {
            r.setRemoteAddr(client);
            return r;
        }).exchange();
    }
}
