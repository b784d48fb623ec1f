package io.pretext.inference;

import java.io.IOException;
import java.util.regex.Pattern;

import io.pretext.web.ProblemResponseWriter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Caps JSON and octet-stream bodies of the inference routes (native and Open Inference Protocol)
 * at {@code pretext.inference.max-request-size}: a declared larger body is refused with 413 (on
 * {@code /v2} as the protocol's error object) before it is read, an undeclared (chunked) one stops
 * being read at the limit. JSON is parsed in memory, so without this a client could exhaust the
 * heap. Multipart uploads are capped by Spring's multipart limits and the per-image size check.
 * Registered by {@link InferenceConfiguration} (not a component: test slices would pick it up).
 * Thread-safe.
 */
class InferenceBodyLimit extends OncePerRequestFilter {

    private static final Pattern ROUTE = Pattern.compile(
            "/v1/models/[^/]+/(embeddings|classifications|zero-shot|search)(/tensor|/files)?|/v2/models/[^/]+(/versions/[^/]+)?/infer");

    private final long limit;
    private final ProblemResponseWriter problems;
    private final JsonMapper json;

    InferenceBodyLimit(InferenceProperties properties, ProblemResponseWriter problems, JsonMapper json) {
        this.limit = properties.maxRequestSize().toBytes();
        this.problems = problems;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !"POST".equals(request.getMethod()) || !ROUTE.matcher(path).matches()
                || (request.getContentType() != null && request.getContentType().startsWith(
                        MediaType.MULTIPART_FORM_DATA_VALUE));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > limit) {
            String message = "The request body is " + request.getContentLengthLong() + " bytes, more than " + limit
                    + " (pretext.inference.max-request-size); send fewer images per request";
            if (request.getRequestURI().substring(request.getContextPath().length()).startsWith("/v2/")) {
                // The Open Inference Protocol's error object, as its routes answer every error.
                response.setStatus(HttpStatus.PAYLOAD_TOO_LARGE.value());
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                json.writeValue(response.getOutputStream(), new OpenInferenceViews.Error(message));
            } else {
                problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, message);
            }
            return;
        }
        chain.doFilter(new Bounded(request, limit), response);
    }

    /** A request whose body reads as ending with an error past {@code limit} bytes. */
    private static final class Bounded extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    private long read;

                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        count(b < 0 ? 0 : 1);
                        return b;
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int length) throws IOException {
                        int n = in.read(buffer, offset, length);
                        count(Math.max(n, 0));
                        return n;
                    }

                    private void count(int n) throws IOException {
                        read += n;
                        if (read > limit) {
                            throw new IOException("request body longer than " + limit
                                    + " bytes (pretext.inference.max-request-size)");
                        }
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
