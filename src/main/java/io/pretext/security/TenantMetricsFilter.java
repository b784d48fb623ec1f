package io.pretext.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import io.pretext.web.ProblemResponseWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * Keeps one tenant's scrape key from reading other tenants' label values. Operator keys (an
 * {@code admin} key, or any key of the {@code admin} tenant) see all metrics. Other {@code metrics}
 * keys get {@code /actuator/prometheus} cut by {@link MetricsVisibility}, and {@code 403} for
 * {@code /actuator/metrics/{name}}, whose tag listing cannot be cut by tenant. Runs after Spring
 * Security (which has already checked the {@code metrics} scope); registered by
 * {@link TenantMetricsConfiguration}. Thread-safe.
 */
final class TenantMetricsFilter extends OncePerRequestFilter {

    static final String PROMETHEUS = "/actuator/prometheus";
    static final String METER = "/actuator/metrics/";

    private final TenantService tenants;
    private final ProblemResponseWriter problems;

    TenantMetricsFilter(TenantService tenants, ProblemResponseWriter problems) {
        this.tenants = tenants;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return !path.equals(PROMETHEUS) && !path.startsWith(METER);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication != null && authentication.getPrincipal() instanceof ApiKeyPrincipal caller)
                || isOperator(caller)) {
            chain.doFilter(request, response);
            return;
        }
        if (path(request).startsWith(METER)) {
            problems.write(response, HttpStatus.FORBIDDEN, "Per-meter details list every tenant's tag values: they "
                    + "need an admin key or a key of the admin tenant; this key may scrape /actuator/prometheus");
            return;
        }
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        // The line filter reads the text format only: a protobuf scrape would pass every tenant's series.
        chain.doFilter(new TextFormatRequest(request), captured);
        if (captured.getStatus() != HttpServletResponse.SC_OK) {
            captured.copyBodyToResponse();
            return;
        }
        if (captured.getContentType() == null || !captured.getContentType().startsWith("text/plain")) {
            captured.resetBuffer();
            problems.write(response, HttpStatus.NOT_ACCEPTABLE, "A tenant's scrape is filtered in the Prometheus "
                    + "text format only (text/plain; version=0.0.4)");
            return;
        }
        String exposition = new String(captured.getContentAsByteArray(), StandardCharsets.UTF_8);
        byte[] visible = MetricsVisibility.forTenant(exposition, caller.tenantId()).getBytes(StandardCharsets.UTF_8);
        captured.resetBuffer();
        response.setContentLength(visible.length);
        response.getOutputStream().write(visible);
    }

    /** The request with {@code Accept} set to the Prometheus text format, whatever the caller asked. */
    private static final class TextFormatRequest extends HttpServletRequestWrapper {

        private static final String TEXT = "text/plain;version=0.0.4;charset=utf-8";

        TextFormatRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getHeader(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? TEXT : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return HttpHeaders.ACCEPT.equalsIgnoreCase(name) ? Collections.enumeration(List.of(TEXT))
                    : super.getHeaders(name);
        }
    }

    private boolean isOperator(ApiKeyPrincipal caller) {
        return caller.scopes().contains(Scope.ADMIN)
                || tenants.get(caller.tenantId()).getName().equals(BootstrapAdminKey.ADMIN_TENANT);
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
