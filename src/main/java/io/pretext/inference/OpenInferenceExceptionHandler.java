package io.pretext.inference;

import java.util.UUID;

import io.pretext.web.ConflictException;
import io.pretext.web.DatabaseUnavailable;
import io.pretext.web.InvalidRequestException;
import io.pretext.web.NotFoundException;
import io.pretext.web.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.core.JacksonException;

/**
 * Every error of the Open Inference Protocol routes as the protocol's {@code {"error": "..."}}
 * with the status the native routes would send (400, 404, 409, 413, 415, 429 and 503 with
 * {@code Retry-After}, also for an unreachable database; 500 only for a fault, naming a reference for the logs). Errors raised
 * before a route is chosen (401, 403, 405, an unknown path) stay problem+json like everywhere.
 */
@RestControllerAdvice(assignableTypes = OpenInferenceController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class OpenInferenceExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(OpenInferenceExceptionHandler.class);

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<OpenInferenceViews.Error> invalid(InvalidRequestException e) {
        return error(HttpStatusCode.valueOf(e.status()), e.getMessage());
    }

    @ExceptionHandler(ValidationException.class)
    ResponseEntity<OpenInferenceViews.Error> invalid(ValidationException e) {
        return error(HttpStatusCode.valueOf(e.status()), e.getMessage());
    }

    @ExceptionHandler(NotFoundException.class)
    ResponseEntity<OpenInferenceViews.Error> notFound(NotFoundException e) {
        return error(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ResponseEntity<OpenInferenceViews.Error> conflict(ConflictException e) {
        return error(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(InferenceRejectedException.class)
    ResponseEntity<OpenInferenceViews.Error> rejected(InferenceRejectedException e) {
        HttpStatus status = e.tooManyRequests() ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE;
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())))
                .body(new OpenInferenceViews.Error(e.getMessage()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<OpenInferenceViews.Error> unreadable(HttpMessageNotReadableException e) {
        String cause = e.getMostSpecificCause() instanceof JacksonException jackson
                ? ": " + jackson.getOriginalMessage() : "";
        return error(HttpStatus.BAD_REQUEST, "the body is missing or is not an inference request in JSON" + cause);
    }

    @ExceptionHandler(TypeMismatchException.class)
    ResponseEntity<OpenInferenceViews.Error> mismatch(TypeMismatchException e) {
        return error(HttpStatus.BAD_REQUEST, "'" + e.getPropertyName() + "' has the wrong type");
    }

    /**
     * Spring MVC's own errors (415 an unsupported content type, ...) with their status; an unreachable
     * database (a model not yet loaded is resolved from it) as 503 with {@code Retry-After}, as on the
     * native routes; anything else is a fault.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<OpenInferenceViews.Error> unexpected(Exception e) {
        if (e instanceof ErrorResponse response && response.getStatusCode().is4xxClientError()) {
            String detail = response.getBody().getDetail();
            return error(response.getStatusCode(), detail == null ? response.getStatusCode().toString() : detail);
        }
        if (DatabaseUnavailable.causedBy(e)) {
            log.warn("Database unavailable, answered 503: {}", e.toString());
            long seconds = DatabaseUnavailable.RETRY_AFTER.toSeconds();
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).contentType(MediaType.APPLICATION_JSON)
                    .header(HttpHeaders.RETRY_AFTER, Long.toString(seconds))
                    .body(new OpenInferenceViews.Error("the database is unavailable; retry after " + seconds + " s"));
        }
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected error, reference {}", reference, e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred; quote reference " + reference + " when reporting it");
    }

    private static ResponseEntity<OpenInferenceViews.Error> error(HttpStatusCode status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(new OpenInferenceViews.Error(message));
    }
}
