package io.pretext.storage;

import java.io.IOException;

/**
 * The artifact store could not be reached or answered that it is unavailable (a connection refused
 * or reset, a timeout, an S3 5xx): the same request may succeed later. The web layer answers 503
 * with {@code Retry-After}; a training attempt that meets it fails and is retried.
 */
public class StorageUnavailableException extends IOException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
