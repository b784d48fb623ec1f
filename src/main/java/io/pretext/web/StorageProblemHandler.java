package io.pretext.web;

import io.pretext.storage.StorageFullException;
import io.pretext.storage.StorageUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers a failing artifact store as what it is, not as a 500: a full store with 507 Insufficient
 * Storage, an unreachable one with 503 and {@code Retry-After}. Spring matches these types as the
 * thrown exception or any of its causes; ordered before {@link ApiExceptionHandler}, whose catch-all
 * would otherwise take them. The details name no host, path or bucket. Stateless and thread-safe.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class StorageProblemHandler {

    /** Seconds a client should wait before retrying while the store is unreachable. */
    static final int RETRY_AFTER_SECONDS = 30;

    private static final Logger log = LoggerFactory.getLogger(StorageProblemHandler.class);

    @ExceptionHandler(StorageFullException.class)
    ProblemDetail full(StorageFullException e) {
        log.warn("Artifact store full: {}", e.getMessage());
        return Problems.of(HttpStatus.INSUFFICIENT_STORAGE,
                "The artifact store is full: free space (or ask an operator to), then retry");
    }

    @ExceptionHandler(StorageUnavailableException.class)
    ResponseEntity<ProblemDetail> unavailable(StorageUnavailableException e) {
        log.warn("Artifact store unavailable: {}", e.getMessage());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS))
                .body(Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "The artifact store cannot be reached; retry after "
                        + RETRY_AFTER_SECONDS + " seconds"));
    }
}
