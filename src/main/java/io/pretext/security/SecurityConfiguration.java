package io.pretext.security;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.pretext.web.ProblemResponseWriter;
import jakarta.servlet.DispatcherType;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Every route needs an API key with the scope {@link RequiredScope} names, except health probes
 * (also the Open Inference Protocol's {@code /v2/health/*}), the OpenAPI document, Swagger UI and
 * the web console's static files ({@code /}, {@code /console/**} and the WebJars it loads: they hold
 * no data; the console sends the key with every API call it makes);
 * clients that send wrong keys repeatedly are throttled ({@link AuthenticationThrottle}).
 * Stateless: no sessions, no cookies, no CSRF tokens.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuthThrottleProperties.class)
class SecurityConfiguration {

    static final String[] PUBLIC_PATHS = {"/actuator/health", "/actuator/health/**", "/v2/health/live",
        "/v2/health/ready", "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html",
        "/swagger-ui/**", "/", "/index.html", "/console/**", "/webjars/**"};

    @Bean
    AuthenticationManager apiKeyAuthenticationManager(ApiKeyService keys) {
        return new ProviderManager(new ApiKeyAuthenticationProvider(keys));
    }

    /**
     * No observation (trace span and timer) per security filter, authentication and authorization:
     * wrapping each of the chain's filters measured at about a tenth of a one-image inference
     * request's server CPU. Requests are still timed as a whole ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    AuthenticationThrottle authenticationThrottle(Clock clock, AuthThrottleProperties limits, MeterRegistry meters) {
        return new AuthenticationThrottle(clock, limits, meters);
    }

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, AuthenticationManager authenticationManager,
            ProblemResponseWriter problems, AuthenticationThrottle throttle) throws Exception {
        ProblemSecurityHandlers handlers = new ProblemSecurityHandlers(problems);
        AuthorizationManager<RequestAuthorizationContext> scopeCheck = (authentication, context) -> {
            Scope needed = RequiredScope.of(context.getRequest());
            return new AuthorizationDecision(RequiredScope.isGranted(needed, authentication.get().getAuthorities()));
        };
        return http
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a
                        // The request was authorized (or refused) when it began; an async dispatch (the end
                        // of an event stream) or an error dispatch (a 413 from the container) carries no new
                        // credentials and must not be refused. A request *to* /error is a REQUEST dispatch
                        // and needs a key like any other route.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers(PUBLIC_PATHS).permitAll()
                        .anyRequest().access(scopeCheck))
                .exceptionHandling(e -> e.authenticationEntryPoint(handlers).accessDeniedHandler(handlers))
                .addFilterBefore(new ApiKeyAuthenticationFilter(authenticationManager, handlers, throttle),
                        AnonymousAuthenticationFilter.class)
                .build();
    }
}
