package io.pretext.web;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Switches {@link UnknownFields} off when a request ends, whichever handler answered it (a body that
 * failed to parse may be answered by a module's own exception handler that never drains it), so a
 * pooled thread never carries collection into reads outside a request body.
 */
@Component
class UnknownFieldsReset extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } finally {
            UnknownFields.drain();
        }
    }
}
