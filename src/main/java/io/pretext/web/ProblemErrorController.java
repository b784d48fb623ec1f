package io.pretext.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers errors that happen outside Spring MVC's handlers (the servlet container, filters) with
 * problem+json instead of Boot's default error body (a 503 with {@code Retry-After} when the database
 * could not be reached). Never includes a stack trace or exception text.
 * Not part of the OpenAPI document: it is no API a client calls.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping(value = "${server.error.path:/error}", produces = {MediaType.APPLICATION_PROBLEM_JSON_VALUE,
            MediaType.APPLICATION_JSON_VALUE, MediaType.ALL_VALUE})
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(code instanceof Integer)) {
            // Called directly rather than forwarded by the container: there is no error to report.
            return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.of(HttpStatus.NOT_FOUND, "No route " + request.getMethod() + " "
                            + request.getRequestURI()));
        }
        if (request.getAttribute(RequestDispatcher.ERROR_EXCEPTION) instanceof Throwable failure
                && DatabaseUnavailable.causedBy(failure)) {
            // A filter (the API key lookup) could not reach the database: repeatable, not a 500.
            return DatabaseUnavailable.response();
        }
        HttpStatusCode status = HttpStatusCode.valueOf((Integer) code);
        HttpStatus known = HttpStatus.resolve(status.value());
        String detail = known == null ? "Request failed" : known.getReasonPhrase();
        if (status.value() == HttpStatus.CONTENT_TOO_LARGE.value()) {
            detail = "The request is larger than the configured upload limit";
        }
        ProblemDetail problem = Problems.of(status, detail);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (uri instanceof String path) {
            problem.setProperty("path", path);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
