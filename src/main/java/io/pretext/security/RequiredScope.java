package io.pretext.security;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The scope a request needs: {@code admin} under {@code /v1/admin}, {@code read} for GET, HEAD and
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
        return switch (request.getMethod()) {
            case "GET", "HEAD", "OPTIONS" -> Scope.READ;
            default -> Scope.WRITE;
        };
    }
}
