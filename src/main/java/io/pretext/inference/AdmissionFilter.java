package io.pretext.inference;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.pretext.web.ProblemResponseWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Admission control of the inference routes (native, tensor and Open Inference Protocol), as the
 * request arrives: after authentication, before its body is read, decoded or queued, the model
 * the path names must admit it ({@link AdmissionPolicy}); otherwise it is answered 429 with
 * {@code Retry-After} (problem+json, or the protocol's error object on {@code /v2}). The place is
 * freed once the request is answered. A path whose model cannot be resolved or loaded passes
 * through unadmitted: the route then answers the same error (404, 400, 409) in its own format.
 * Registered by {@link InferenceConfiguration} after the security filters. Thread-safe.
 */
class AdmissionFilter extends OncePerRequestFilter {

    private static final Pattern NATIVE = Pattern.compile(
            "/v1/models/([^/]+)/(?:embeddings|classifications|zero-shot)(?:/files|/tensor)?");
    private static final Pattern OPEN_INFERENCE = Pattern.compile("/v2/models/([^/]+)(?:/versions/([^/]+))?/infer");

    private final InferenceService inference;
    private final ProblemResponseWriter problems;
    private final JsonMapper json;

    AdmissionFilter(InferenceService inference, ProblemResponseWriter problems, JsonMapper json) {
        this.inference = inference;
        this.problems = problems;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || reference(path(request)) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        AdmissionPolicy.Ticket ticket;
        try {
            ticket = inference.admit(reference(path(request)));
        } catch (InferenceRejectedException e) {
            refuse(request, response, e);
            return;
        } catch (RuntimeException e) {
            // Unknown model, bad reference, unloadable checkpoint: the route reports it in its own format.
            chain.doFilter(request, response);
            return;
        }
        try (ticket) {
            chain.doFilter(request, response);
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, InferenceRejectedException e)
            throws IOException {
        HttpStatus status = e.tooManyRequests() ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE;
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        if (path(request).startsWith("/v2/")) {
            response.setStatus(status.value());
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), new OpenInferenceViews.Error(e.getMessage()));
        } else {
            problems.write(response, status, e.getMessage());
        }
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /** The registry reference the path names (as its route would read it), or null for other paths. */
    static String reference(String path) {
        Matcher nativeRoute = NATIVE.matcher(path);
        if (nativeRoute.matches()) {
            return decode(nativeRoute.group(1));
        }
        Matcher openInference = OPEN_INFERENCE.matcher(path);
        if (openInference.matches()) {
            String name = decode(openInference.group(1));
            return openInference.group(2) == null ? name : name + "@" + decode(openInference.group(2));
        }
        return null;
    }

    private static String decode(String segment) {
        return UriUtils.decode(segment, StandardCharsets.UTF_8);
    }
}
