package io.pretext.security;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import io.pretext.web.ProblemResponseWriter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/** 401, 403 and 429 as problem+json, saying what is missing. Thread-safe. */
final class ProblemSecurityHandlers implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final ProblemResponseWriter writer;

    ProblemSecurityHandlers(ProblemResponseWriter writer) {
        this.writer = writer;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String detail = e instanceof InsufficientAuthenticationException
                ? "An API key is required: send 'Authorization: Bearer <API key>'"
                : e.getMessage();
        writer.write(response, HttpStatus.UNAUTHORIZED, detail);
    }

    /** 429 with {@code Retry-After} in whole seconds, rounded up. */
    void tooManyFailures(HttpServletResponse response, Duration wait) throws IOException {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        writer.write(response, HttpStatus.TOO_MANY_REQUESTS, "Too many requests with a wrong API key from this "
                + "client; retry after " + seconds + " s");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        writer.write(response, HttpStatus.FORBIDDEN,
                "This API key lacks the '" + RequiredScope.of(request).value() + "' scope that "
                        + request.getMethod() + " " + request.getRequestURI() + " needs");
    }
}
