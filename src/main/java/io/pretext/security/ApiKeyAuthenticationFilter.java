package io.pretext.security;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads {@code Authorization: Bearer <key>}. No header: the request goes on anonymous (and is
 * refused later unless the route is public). A malformed header or an unknown or revoked key:
 * 401 at once, counted against the client; a client with too many such failures gets 429 without
 * its key being checked, so that a right guess cannot show through.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final AuthenticationManager authenticationManager;
    private final ProblemSecurityHandlers problems;
    private final AuthenticationThrottle throttle;

    ApiKeyAuthenticationFilter(AuthenticationManager authenticationManager, ProblemSecurityHandlers problems,
            AuthenticationThrottle throttle) {
        this.authenticationManager = authenticationManager;
        this.problems = problems;
        this.throttle = throttle;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            chain.doFilter(request, response);
            return;
        }
        String client = request.getRemoteAddr();
        Optional<Duration> wait = throttle.refusal(client);
        if (wait.isPresent()) {
            problems.tooManyFailures(response, wait.get());
            return;
        }
        try {
            if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                    || header.substring(BEARER.length()).isBlank()) {
                throw new BadCredentialsException("The Authorization header must be 'Bearer <API key>'");
            }
            String secret = header.substring(BEARER.length()).trim();
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(authenticationManager.authenticate(ApiKeyAuthenticationToken.unauthenticated(secret)));
            SecurityContextHolder.setContext(context);
        } catch (AuthenticationException e) {
            SecurityContextHolder.clearContext();
            throttle.recordFailure(client);
            problems.commence(request, response, e);
            return;
        }
        chain.doFilter(request, response);
    }
}
