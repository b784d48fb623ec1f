package io.pretext.security;

import java.util.Collection;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.core.GrantedAuthority;

/**
 * The scope a request needs: {@code admin} under {@code /v1/admin}, {@code metrics} under
 * {@code /actuator} (health is public before this rule applies), {@code read} for GET, HEAD and
 * OPTIONS, {@code write} for everything else. One rule, used both to decide and to explain a 403.
 */
final class RequiredScope {

    private RequiredScope() {
    }

    static Scope of(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/v1/admin") || path.startsWith("/v1/admin/")) {
            return Scope.ADMIN;
        }
        if (path.equals("/actuator") || path.startsWith("/actuator/")) {
            return Scope.METRICS;
        }
        return switch (request.getMethod()) {
            case "GET", "HEAD", "OPTIONS" -> Scope.READ;
            default -> Scope.WRITE;
        };
    }

    /**
     * Whether {@code authorities} carry {@code needed}. An admin key also reads metrics: admin keys
     * issued before the {@code metrics} scope existed (the bootstrap key) keep scraping.
     */
    static boolean isGranted(Scope needed, Collection<? extends GrantedAuthority> authorities) {
        return authorities.stream().map(GrantedAuthority::getAuthority).anyMatch(a -> a.equals(needed.authority())
                || needed == Scope.METRICS && a.equals(Scope.ADMIN.authority()));
    }
}
