package io.pretext.web;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Builds the problem details every error response uses. Stateless and thread-safe. */
public final class Problems {

    private Problems() {
    }

    /** A problem with a title from the status and the given detail. */
    public static ProblemDetail of(HttpStatusCode status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("about:blank"));
        return problem;
    }

    /** A problem listing each invalid field under {@code errors}. */
    public static ProblemDetail invalid(HttpStatusCode status, String detail, List<FieldError> errors) {
        ProblemDetail problem = of(status, detail);
        problem.setProperty("errors", errors);
        return problem;
    }
}
