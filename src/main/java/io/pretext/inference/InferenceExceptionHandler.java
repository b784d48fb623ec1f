package io.pretext.inference;

import io.pretext.web.Problems;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Capacity problems of inference routes as problem+json with {@code Retry-After}: a full queue is
 * 429, a request that ran out of time 503. Ordered before the catch-all handler of the web module.
 */
@RestControllerAdvice(assignableTypes = {InferenceController.class, TensorInferenceController.class})
@Order(Ordered.HIGHEST_PRECEDENCE)
class InferenceExceptionHandler {

    @ExceptionHandler(InferenceRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(InferenceRejectedException e) {
        HttpStatus status = e.tooManyRequests() ? HttpStatus.TOO_MANY_REQUESTS : HttpStatus.SERVICE_UNAVAILABLE;
        return ResponseEntity.status(status)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, e.retryAfter().toSeconds())))
                .body(Problems.of(status, e.getMessage()));
    }
}
