package io.pretext.web;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.validation.ConstraintViolationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every exception a controller lets out into {@code application/problem+json}: Spring MVC's
 * own (404 unknown route, 405, 413, 415, ...) through the base class, validation errors with one
 * entry per field, our exceptions with their status, an unreachable database as a 503 with
 * {@code Retry-After} ({@link DatabaseUnavailable}), and anything else as a 500 that names a
 * reference id for the logs but never a stack trace.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(NotFoundException.class)
    ProblemDetail notFound(NotFoundException e) {
        return Problems.of(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(ConflictException.class)
    ProblemDetail conflict(ConflictException e) {
        return Problems.of(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(InvalidRequestException.class)
    ProblemDetail invalid(InvalidRequestException e) {
        HttpStatusCode status = HttpStatusCode.valueOf(e.status());
        if (e.field() == null) {
            return Problems.of(status, e.getMessage());
        }
        return Problems.invalid(status, e.getMessage(), List.of(new FieldError(e.field(), e.getMessage())));
    }

    @ExceptionHandler(ValidationException.class)
    ProblemDetail validation(ValidationException e) {
        return Problems.invalid(HttpStatusCode.valueOf(e.status()), e.getMessage(), e.errors());
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ProblemDetail constraintViolation(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(v.getPropertyPath().toString(), v.getMessage()))
                .sorted((a, b) -> a.field().compareTo(b.field()))
                .toList();
        return Problems.invalid(HttpStatus.BAD_REQUEST, "Validation failed", errors);
    }

    @ExceptionHandler(MultipartException.class)
    ProblemDetail notMultipart(MultipartException e) {
        return Problems.of(HttpStatus.BAD_REQUEST, "Expected a multipart/form-data request with the parts this route "
                + "needs; see /v3/api-docs");
    }

    @ExceptionHandler(AuthenticationException.class)
    ProblemDetail unauthenticated(AuthenticationException e) {
        return Problems.of(HttpStatus.UNAUTHORIZED, e.getMessage());
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail forbidden(AccessDeniedException e) {
        return Problems.of(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DatabaseUnavailable.causedBy(e)) {
            log.warn("Database unavailable, answered 503: {}", e.toString());
            return DatabaseUnavailable.response();
        }
        String reference = UUID.randomUUID().toString();
        log.error("Unexpected error, reference {}", reference, e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(HttpStatus.INTERNAL_SERVER_ERROR,
                        "An unexpected error occurred; quote reference " + reference + " when reporting it"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        ex.getBindingResult().getFieldErrors().forEach(
                f -> errors.add(new FieldError(f.getField(), String.valueOf(f.getDefaultMessage()))));
        ex.getBindingResult().getGlobalErrors().forEach(
                g -> errors.add(new FieldError(g.getObjectName(), String.valueOf(g.getDefaultMessage()))));
        errors.sort((a, b) -> a.field().compareTo(b.field()));
        return ResponseEntity.status(status).headers(headers)
                .body(Problems.invalid(status, "Validation failed: " + errors.size() + " invalid field(s)", errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>();
        ex.getParameterValidationResults().forEach(result -> result.getResolvableErrors().forEach(error -> errors.add(
                new FieldError(result.getMethodParameter().getParameterName(), String.valueOf(error.getDefaultMessage())))));
        return ResponseEntity.status(status).headers(headers)
                .body(Problems.invalid(status, "Validation failed: " + errors.size() + " invalid parameter(s)", errors));
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(status).headers(headers).body(Problems.of(status,
                "The upload is larger than the configured limit (PRETEXT_MAX_UPLOAD_SIZE)"));
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(NoResourceFoundException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return ResponseEntity.status(status).headers(headers).body(Problems.of(status,
                "No route " + ex.getHttpMethod() + " /" + ex.getResourcePath() + "; see /v3/api-docs for the API"));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = new ArrayList<>(UnknownFields.drain());
        MessageSanitizer.fieldAtFault(ex).ifPresent(errors::add);
        String detail = "Malformed request body: " + MessageSanitizer.readableCause(ex);
        if (errors.isEmpty()) {
            return ResponseEntity.status(status).headers(headers).body(Problems.of(status, detail));
        }
        if (errors.size() > 1) {
            detail = errors.size() + " invalid fields: " + String.join("; ",
                    errors.stream().map(e -> e.field() + " " + e.message()).toList());
        }
        return ResponseEntity.status(status).headers(headers).body(Problems.invalid(status, detail, errors));
    }
}
